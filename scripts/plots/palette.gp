# The colours every plot of the suite gives the execution models, so that a
# model looks the same wherever it is drawn (Paul Tol's colour-blind-safe
# "bright" scheme, with black for the sequential baseline), and the dash
# each placement gets. scripts/plot gives every plot.gp the path of this
# file as `palette`; a plot loads it with
#
#   load palette
#
# and then draws a model's series with linecolor rgb model_colour("thread")
# and a placement's with dashtype placement_dash("compact").
model_colour(name) = \
    name eq "seq"          ? "#000000" : \
    name eq "thread"       ? "#4477aa" : \
    name eq "pool"         ? "#66ccee" : \
    name eq "process"      ? "#ee6677" : \
    name eq "process_pool" ? "#aa3377" : \
    name eq "gil"          ? "#ccbb44" : \
    name eq "coroutine"    ? "#228833" : "#bbbbbb"

placement_dash(name) = \
    name eq "none"    ? 1 : \
    name eq "compact" ? 2 : \
    name eq "scatter" ? 4 : \
    name eq "single"  ? 3 : 5
