# The timeslice family against spinners per PU, in six panels: throughput
# (over that with one spinner per PU), fairness (Jain's index), involuntary
# context switches per second, and the probe's wake-up lateness at p50, p99
# and p99.9 on one shared scale. A series' colour is its kind of spinner
# (the palette's thread and process); its dash and point say the priority
# its probe ran at: solid circles the default, dashed squares nice -10,
# dotted triangles SCHED_FIFO. One key, in the p50 panel.
#
# Set by scripts/plot from reshape.py:
#   out, format     output file without extension, png or svg
#   series          how many series
#   series_N        series N's data file
#   kind_N, probe_N, title_N   its kind, probe priority and title
#   pus             PUs the spinners were spread over
#   period_us       how often the probe asks to wake
#   lateness_low, lateness_high   the lateness panels' range (us)
#   machine         the machine's name and topology, for the title
#   palette         the models' colours and the placements' dashes (analysis/palette.py)

if (format eq "svg") {
    set terminal svg size 1500,900 dynamic enhanced font "sans,12" background "white"
} else {
    set terminal pngcairo size 1800,1050 enhanced font "sans,11" background "white"
}
set output out.".".format
load palette

file(s) = value(sprintf("series_%d", s))
colour(s) = model_colour(value(sprintf("kind_%d", s)))
name(s) = value(sprintf("title_%d", s))
# (dashtype takes a number or a function's value, not an expression.)
probe_dash(s) = value(sprintf("probe_%d", s)) eq "default" ? 1 : value(sprintf("probe_%d", s)) eq "nice-10" ? 2 : 3
probe_point(s) = value(sprintf("probe_%d", s)) eq "default" ? 7 : value(sprintf("probe_%d", s)) eq "nice-10" ? 5 : 9

set multiplot layout 2, 3 title sprintf("%s: CPU-bound spinners pinned evenly over %d PUs", machine, pus) noenhanced
set xlabel "spinners per PU"
set logscale x 2
set xtics (1, 2, 4, 8, 16, 32, 64)
set offsets graph 0.05, graph 0.05, 0, 0
set grid
unset key

# Each panel: every series' median at column col, bars from the lowest to
# the highest of the repetitions (the two columns after it).
set title "throughput (all spinners' steps per second)"
set ylabel "over the fewest spinners per PU"
set yrange [0:*]
col = 2
plot 1 with lines linecolor rgb "gray60" dashtype 2 notitle, \
     for [s = 1:series] file(s) using 1:col:(column(col + 1)):(column(col + 2)) with yerrorlines \
         linecolor rgb colour(s) dashtype probe_dash(s) pointtype probe_point(s) linewidth 1.5 pointsize 0.8 notitle

set title "fairness (Jain's index of the spinners' steps in the window)"
set ylabel "1 = every spinner got the same"
set yrange [0:1.05]
col = 5
plot for [s = 1:series] file(s) using 1:col:(column(col + 1)):(column(col + 2)) with yerrorlines \
         linecolor rgb colour(s) dashtype probe_dash(s) pointtype probe_point(s) linewidth 1.5 pointsize 0.8 notitle

set title "involuntary context switches (time slices ended by the scheduler)"
set ylabel "per second, all spinners"
set yrange [0:*]
col = 17
plot for [s = 1:series] file(s) using 1:col:(column(col + 1)):(column(col + 2)) with yerrorlines \
         linecolor rgb colour(s) dashtype probe_dash(s) pointtype probe_point(s) linewidth 1.5 pointsize 0.8 notitle

set logscale y
set format y "10^{%L}"
set yrange [lateness_low / 2:lateness_high * 2]
set ylabel "lateness of a wake-up (us)"
do for [panel = 1:3] {
    col = 8 + 3 * (panel - 1)
    set title sprintf("the probe's %s lateness (it asks to wake every %g us)", word("p50 p99 p99.9", panel), period_us)
    if (panel == 1) {
        set key top left box opaque font ",9"
        plot for [s = 1:series] file(s) using 1:col:(column(col + 1)):(column(col + 2)) with yerrorlines \
                 linecolor rgb colour(s) dashtype probe_dash(s) pointtype probe_point(s) linewidth 1.5 pointsize 0.8 \
                 title name(s) noenhanced
    } else {
        unset key
        plot for [s = 1:series] file(s) using 1:col:(column(col + 1)):(column(col + 2)) with yerrorlines \
                 linecolor rgb colour(s) dashtype probe_dash(s) pointtype probe_point(s) linewidth 1.5 pointsize 0.8 notitle
    }
}
unset multiplot
