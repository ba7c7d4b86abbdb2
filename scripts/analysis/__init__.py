"""slicebench's analysis: reads a results file once into a table of
repetitions and derives from it every figure a reader sees (speedups and
their intervals, knees, break-even durations, fits, the machine's load, the
claims' verdicts), written once to results/<machine>/analysis.json, which the
plots, the report and the summary read."""
