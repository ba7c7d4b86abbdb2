# The models figure: speedup over seq against workers, one panel per
# workload at placement none, one line per model in its colour (the palette);
# points are medians over the repetitions, bars span the slowest to the
# fastest. IO-bound panels are log-log (x in powers of 2), so that 1 to
# thousands of workers fit; CPU-bound panels are linear. In each: the grey
# dashed ideal (speedup = workers), the dotted line at the PU count, a
# model's knee (where efficiency, speedup / workers, first fell below one
# half) as an open diamond on its curve, and its Universal Scalability Law
# fit as a wide pale line where the analysis did not refuse it. CPython's
# own constructs, each over CPython's seq, are drawn dashed in the colour of
# the model that stands for it, with open points. One key, in the last
# panel, serves the whole figure.
#
# Set by scripts/plot from reshape.py:
#   out       output file without extension
#   format    png or svg
#   panels    how many panels (workloads)
#   panel_N   panel N's data file: a block per model
#   fit_N     its fitted USL curves, knee_N its knees, in the same blocks
#   cpython_N CPython's curves: a block per construct
#   title_N   the title of panel N
#   models_N  words: each block's model
#   cmodels_N, cpoints_N  words: each CPython block's model, whose colour
#             it takes, and its point's number
#   log_N     1: log-log axes (IO-bound); 0: linear
#   xmax_N, ymin_N, ymax_N   panel N's ranges
#   models    words: every model drawn, for the key
#   constructs  how many constructs; construct_C each one's name, and
#   construct_models  words: each one's model, for the key
#   pus       PUs of the machine
#   machine   the machine's name and topology, for the title
#   palette   the models' colours and the placements' dashes (analysis/palette.py)

load palette
# The variable <prefix>_<i>; "" where there is none (gnuplot reads a plot's
# titles even for a loop over nothing).
named(prefix, i) = exists(sprintf("%s_%d", prefix, i)) ? value(sprintf("%s_%d", prefix, i)) : ""
# A model's colour, mostly transparent (#AARRGGBB): the fits sit wide and
# pale behind the measured curves.
pale(name) = "#B0".model_colour(name)[2:]
# The open point of CPython's construct number i, in turn.
OPEN_POINTS = "6 4 8 10 14"
open_point(i) = word(OPEN_POINTS, (i - 1) % words(OPEN_POINTS) + 1) + 0
# The open point of the b-th number in a list of them (gnuplot reads a
# plot's point types even for a loop over nothing).
point_of(list, b) = b <= words(list) ? open_point(int(word(list, b))) : 0

# One more cell than panels, for the key; at most three panels a row, so
# that each stays wide enough to read.
cells = panels + 1
columns = cells < 3 ? cells : 3
rows = (cells + columns - 1) / columns
if (format eq "svg") {
    set terminal svg size 1300,400 * rows dynamic enhanced font "sans,12" background "white"
} else {
    set terminal pngcairo size 1500,460 * rows enhanced font "sans,11" background "white"
}
set output out.".".format

set multiplot layout rows, columns title machine."\nspeedup over one sequential worker, placement none" noenhanced
set grid
set format x "%g"
set format y "%g"
unset key

do for [p = 1:panels] {
    file = value(sprintf("panel_%d", p))
    fit = value(sprintf("fit_%d", p))
    knee = value(sprintf("knee_%d", p))
    names = value(sprintf("models_%d", p))
    cpython = value(sprintf("cpython_%d", p))
    cmodels = value(sprintf("cmodels_%d", p))
    cpoints = value(sprintf("cpoints_%d", p))
    log = value(sprintf("log_%d", p))
    xmax = value(sprintf("xmax_%d", p))
    set title value(sprintf("title_%d", p)) noenhanced
    if (log) {
        set logscale xy
        set xrange [0.8:xmax * 1.25]
        # A tic every power of 2, or of 4 when that would crowd them.
        set xtics 1, (xmax > 64 ? 4 : 2)
        set mxtics default
        set xlabel "workers (log scale)"
        set ylabel "speedup (log scale)"
    } else {
        unset logscale
        set xrange [1:xmax]
        if (xmax <= 16) { set xtics 1 } else { set xtics autofreq }
        set xlabel "workers"
        set ylabel "speedup"
    }
    ymin = value(sprintf("ymin_%d", p))
    ymax = value(sprintf("ymax_%d", p))
    set yrange [ymin:ymax]
    if (log) {
        # A tic every factor of 2, or of 10 over many decades.
        factor = ymax / ymin <= 300 ? 2 : 10
        set ytics factor ** floor(log(ymin) / log(factor)), factor
        set mytics default
    } else {
        set ytics autofreq
    }
    set arrow 1 from pus, graph 0 to pus, graph 1 nohead dashtype 3 linecolor rgb "gray40"
    set label 1 sprintf("%d PUs", pus) at pus, graph 0.95 offset 0.5, 0 font ",9" textcolor rgb "gray40"
    plot x with lines linecolor rgb "gray60" dashtype 2 notitle, \
         for [b = 1:words(names)] fit index (b - 1) using 1:2 with lines \
             linecolor rgb pale(word(names, b)) linewidth 5 notitle, \
         for [b = 1:words(names)] file index (b - 1) using 1:2:3:4 with yerrorlines \
             linecolor rgb model_colour(word(names, b)) linewidth 1.5 pointtype 7 pointsize 0.5 notitle, \
         for [b = 1:words(names)] knee index (b - 1) using 1:2 with points \
             linecolor rgb model_colour(word(names, b)) pointtype 12 pointsize 2.2 linewidth 2 notitle, \
         for [b = 1:words(cmodels)] cpython index (b - 1) using 1:2:3:4 with yerrorlines \
             linecolor rgb model_colour(word(cmodels, b)) dashtype 2 linewidth 1.5 \
             pointtype point_of(cpoints, b) pointsize 0.8 notitle
}

# The key: every model, then what the marks mean.
unset arrow 1
unset label 1
unset title
unset logscale
unset border
unset tics
unset xlabel
unset ylabel
unset grid
set xrange [0:1]
set yrange [0:1]
set key center center Left reverse samplen 3 spacing 1.3 font ",11" noenhanced
# (gnuplot needs one plotted function among the key entries: y = 2 lies
# above the range, unseen.)
plot 2 notitle, \
     for [m = 1:words(models)] keyentry with linespoints linecolor rgb model_colour(word(models, m)) \
         linewidth 1.5 pointtype 7 pointsize 0.8 title word(models, m), \
     for [c = 1:constructs] keyentry with linespoints \
         linecolor rgb model_colour(word(construct_models, c)) dashtype 2 linewidth 1.5 \
         pointtype open_point(c) pointsize 0.8 title "CPython ".named("construct", c), \
     keyentry with lines linecolor rgb "gray60" dashtype 2 title "ideal: speedup = workers", \
     keyentry with lines linecolor rgb "gray40" dashtype 3 title "the PU count", \
     keyentry with points linecolor rgb "gray20" pointtype 12 pointsize 2 linewidth 2 \
         title "knee: efficiency first below 1/2", \
     keyentry with lines linecolor rgb "#B0888888" linewidth 5 title "USL fit (where not refused)"
unset multiplot
