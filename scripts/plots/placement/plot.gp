# The placement figure: how pinning changes each model's scaling, on the
# reference workloads (the first CPU-bound and the first IO-bound workload
# measured under several placements). A row per workload, a panel per
# model, drawn in the model's colour (the palette); in each, a line per
# placement, told apart by its dash (the palette) and point. A panel per
# model rather than per placement, because the question is what pinning
# does to one model: its placements then sit on one set of axes. Points are
# medians over the repetitions, bars span the slowest to the fastest; the
# grey dashed ideal (speedup = workers), the dotted PU count and each
# curve's knee (an open diamond) are drawn as in the models figure, and
# IO-bound rows are log-log. One key, below the panels, serves the figure.
#
# Set by scripts/plot from reshape.py:
#   out       output file without extension
#   format    png or svg
#   rows, columns   the grid: a row per workload, a column per model
#   panel_N   panel N's data file: a block per placement
#   knee_N    its knees, in the same blocks
#   title_N   the title of panel N
#   model_N   panel N's model
#   places_N  words: each block's placement
#   log_N     1: log-log axes (IO-bound); 0: linear
#   xmax_N, ymin_N, ymax_N   panel N's ranges
#   placements  words: every placement drawn, for the key
#   pus       PUs of the machine
#   machine   the machine's name and topology, for the title
#   notes, placement_note_N   where compact and scatter choose different
#             PUs here, a line a level, or that they cannot differ here: the
#             lines under the title
#   palette   the models' colours and the placements' dashes (analysis/palette.py)

load palette
# A point shape per placement, beside its dash: four dashes of one colour
# are hard to tell apart alone.
placement_point(name) = name eq "none" ? 7 : name eq "compact" ? 5 : name eq "scatter" ? 9 : name eq "single" ? 11 : 1

if (format eq "svg") {
    height = 380 * rows + 110
    set terminal svg size 330 * columns + 60,height dynamic enhanced font "sans,11" background "white"
} else {
    height = 430 * rows + 120
    set terminal pngcairo size 380 * columns + 60,height enhanced font "sans,10" background "white"
}
set output out.".".format

# The title: the machine, what is drawn, then where compact and scatter
# differ here, a line each.
heading = machine."\nspeedup over one sequential worker under each placement"
do for [n = 1:notes] {
    heading = heading."\n".value(sprintf("placement_note_%d", n))
}

# The title on top, its lines 16 pixels each and a margin; the panels below
# it, the key a strip below them.
title_height = ((2 + notes) * 16.0 + 14) / height
key_height = 0.1
cell_width = 1.0 / columns
cell_height = (1.0 - key_height - title_height) / rows

set multiplot title heading noenhanced
set grid
set format x "%g"
set format y "%g"
unset key

do for [p = 1:rows * columns] {
    file = value(sprintf("panel_%d", p))
    knee = value(sprintf("knee_%d", p))
    places = value(sprintf("places_%d", p))
    model = value(sprintf("model_%d", p))
    log = value(sprintf("log_%d", p))
    xmax = value(sprintf("xmax_%d", p))
    ymin = value(sprintf("ymin_%d", p))
    ymax = value(sprintf("ymax_%d", p))
    set origin ((p - 1) % columns) * cell_width, key_height + (rows - 1 - (p - 1) / columns) * cell_height
    set size cell_width, cell_height
    set title value(sprintf("title_%d", p)) noenhanced
    if (log) {
        set logscale xy
        set xrange [0.8:xmax * 1.25]
        set xtics 1, (xmax > 64 ? 4 : 2)
        set mxtics default
        factor = ymax / ymin <= 300 ? 2 : 10
        set ytics factor ** floor(log(ymin) / log(factor)), factor
        set mytics default
        set xlabel "workers (log scale)"
        set ylabel "speedup (log scale)"
    } else {
        unset logscale
        set xrange [1:xmax]
        if (xmax <= 16) { set xtics 1 } else { set xtics autofreq }
        set ytics autofreq
        set xlabel "workers"
        set ylabel "speedup"
    }
    set yrange [ymin:ymax]
    set arrow 1 from pus, graph 0 to pus, graph 1 nohead dashtype 3 linecolor rgb "gray40"
    plot x with lines linecolor rgb "gray60" dashtype 2 notitle, \
         for [b = 1:words(places)] file index (b - 1) using 1:2:3:4 with yerrorlines \
             linecolor rgb model_colour(model) dashtype placement_dash(word(places, b)) linewidth 1.5 \
             pointtype placement_point(word(places, b)) pointsize 0.6 notitle, \
         for [b = 1:words(places)] knee index (b - 1) using 1:2 with points \
             linecolor rgb model_colour(model) pointtype 12 pointsize 2.2 linewidth 2 notitle
}

# The key: every placement, then what the marks mean, in one row.
unset arrow 1
unset title
unset logscale
unset border
unset tics
unset xlabel
unset ylabel
unset grid
set origin 0, 0
set size 1, key_height
set xrange [0:1]
set yrange [0:1]
set key center center horizontal Left reverse samplen 4 width 2 font ",11" noenhanced maxrows 1
# (gnuplot needs one plotted function among the key entries: y = 2 lies
# above the range, unseen.)
plot 2 notitle, \
     for [m = 1:words(placements)] keyentry with linespoints linecolor rgb "gray20" \
         dashtype placement_dash(word(placements, m)) pointtype placement_point(word(placements, m)) \
         pointsize 0.8 linewidth 1.5 title "placement ".word(placements, m), \
     keyentry with lines linecolor rgb "gray60" dashtype 2 title "ideal", \
     keyentry with lines linecolor rgb "gray40" dashtype 3 title "the PU count", \
     keyentry with points linecolor rgb "gray20" pointtype 12 pointsize 2 linewidth 2 title "knee"
unset multiplot
