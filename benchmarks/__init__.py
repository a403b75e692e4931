"""Speed and memory benchmarks: each module's ``main()`` returns rows of ratios vs targets."""
