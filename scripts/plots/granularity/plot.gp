# The granularity family: speedup over doing the tasks in turn (seq) against
# task duration, at workers = PUs, one panel per workload, one curve per
# model with its spread over the repetitions; where a curve crosses 1 (its
# break-even) a triangle on the line, and each model's break-even written in
# the panel's lower right corner. CPython's constructs, each over CPython's
# seq, dashed with open points in the colour of the model that stands for
# it, their break-evens open triangles, written in the upper left corner.
# One key, below both panels.
#
# Set by scripts/plot from reshape.py:
#   out, format   output file without extension, png or svg
#   palette       the models' colours (analysis/palette.py)
#   panels        how many panels (workloads)
#   panel_P       panel P's data file: a block per model, "seconds median min max"
#   marks_P       panel P's break-evens: a block per model, "seconds 1" or NaN
#   title_P       panel P's title
#   note_P_M      panel P's break-even of model M, as text
#   models        how many models; model_M the name of model M
#   cpython_P, cmarks_P, cnote_P_C   the same for CPython's constructs
#   constructs    how many constructs; construct_C the name of construct C,
#                 cmodel_C the model whose colour it takes
#   workers       the models' workers
#   shortest_s, longest_s  the range of task durations, in seconds
#   machine       the machine's name and topology, for the title

load palette
# The variable <prefix>_<i>; "" where there is none (gnuplot reads a plot's
# titles even for a loop over nothing).
named(prefix, i) = exists(sprintf("%s_%d", prefix, i)) ? value(sprintf("%s_%d", prefix, i)) : ""

if (format eq "svg") {
    set terminal svg size 1200,620 dynamic enhanced font "sans,12" background "white"
} else {
    set terminal pngcairo size 1400,720 enhanced font "sans,11" background "white"
}
set output out.".".format

# (gnuplot's arrays hold at least one element: either side may have none.)
array colour[models > 0 ? models : 1]
do for [m = 1:models] {
    colour[m] = model_colour(value(sprintf("model_%d", m)))
}
array ccolour[constructs > 0 ? constructs : 1]
do for [c = 1:constructs] {
    ccolour[c] = model_colour(value(sprintf("cmodel_%d", c)))
}

set multiplot layout 1, panels title machine noenhanced
# Room below the panels for the one key they share.
set bmargin 7
set logscale x 10
set xrange [shortest_s / 1.6:longest_s * 1.6]
set logscale y 10
set format x "%.0s %cs"
set xlabel "task duration" offset 0, 0.3
set ylabel sprintf("speedup over seq, %d workers", workers)
set grid xtics ytics mytics linecolor rgb "gray85"
set mytics 10

do for [p = 1:panels] {
    data = value(sprintf("panel_%d", p))
    marks = value(sprintf("marks_%d", p))
    cdata = value(sprintf("cpython_%d", p))
    cmarks = value(sprintf("cmarks_%d", p))
    set title value(sprintf("title_%d", p)) noenhanced
    unset label
    set label 1 "break-even:" at graph 0.98, graph 0.07 + 0.045 * models right font ",9" textcolor rgb "gray30"
    do for [m = 1:models] {
        set label (m + 1) value(sprintf("note_%d_%d", p, m)) at graph 0.98, graph 0.07 + 0.045 * (models - m) \
            right font ",9" noenhanced textcolor rgb colour[m]
    }
    if (constructs > 0) {
        set label (models + 2) "CPython's break-even:" at graph 0.02, graph 0.95 left font ",9" textcolor rgb "gray30"
    }
    do for [c = 1:constructs] {
        set label (models + 2 + c) value(sprintf("cnote_%d_%d", p, c)) at graph 0.02, graph 0.95 - 0.045 * c \
            left font ",9" noenhanced textcolor rgb ccolour[c]
    }
    # The first panel's titles are the key, set below both panels.
    if (p == 1) {
        set key at screen 0.5, screen 0.02 center bottom horizontal maxrows 2 font ",10" samplen 2 width 1
    } else {
        unset key
    }
    plot 1 with lines linecolor rgb model_colour("seq") dashtype 2 linewidth 1.5 title "seq (= 1)", \
         for [m = 1:models] data index (m - 1) using 1:2:3:4 with yerrorlines \
             linecolor rgb colour[m] pointtype 7 pointsize 0.7 linewidth 1.5 title named("model", m) noenhanced, \
         for [m = 1:models] marks index (m - 1) using 1:2 with points \
             linecolor rgb colour[m] pointtype 9 pointsize 2.2 notitle, \
         for [c = 1:constructs] cdata index (c - 1) using 1:2:3:4 with yerrorlines \
             linecolor rgb ccolour[c] dashtype 2 pointtype 6 pointsize 0.7 linewidth 1.5 \
             title "CPython ".named("construct", c) noenhanced, \
         for [c = 1:constructs] cmarks index (c - 1) using 1:2 with points \
             linecolor rgb ccolour[c] pointtype 8 pointsize 2.2 notitle, \
         NaN with points linecolor rgb "gray30" pointtype 9 pointsize 1.5 title "break-even"
}
unset multiplot
