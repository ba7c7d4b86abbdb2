# The timeslice family against spinners per PU, in four panels: throughput
# (over that with one spinner per PU), fairness (Jain's index), the probe's
# wake-up lateness (p50, p99, max) and involuntary context switches per
# second; one colour per kind of spinner (thread, process).
#
# Set by scripts/plot from reshape.jq:
#   out       output file without extension
#   format    png or svg
#   kind_N    the data file of kind N
#   kinds     words: the kinds
#   pus       PUs the spinners were spread over
#   machine   the machine's name and topology, for the title

if (format eq "svg") {
    set terminal svg size 1200,900 dynamic enhanced font "sans,12" background "white"
} else {
    set terminal pngcairo size 1400,1000 enhanced font "sans,11" background "white"
}
set output out.".".format

# A kind keeps its colour whichever kinds a run has.
array colour[words(kinds)]
array file[words(kinds)]
do for [k = 1:words(kinds)] {
    colour[k] = word(kinds, k) eq "thread" ? 1 : 2
    file[k] = value(sprintf("kind_%d", k))
}

set multiplot layout 2, 2 title sprintf("%s: CPU-bound spinners pinned evenly over %d PUs", machine, pus) noenhanced
set xlabel "spinners per PU"
set logscale x 2
set xtics (1, 2, 4, 8, 16, 32, 64)
set offsets graph 0.05, graph 0.05, 0, 0
set grid
set key top right box opaque font ",9"

set title "throughput (all spinners' steps per second)"
set ylabel "over 1 spinner per PU"
set yrange [0:*]
col = 2
plot 1 with lines linecolor rgb "gray60" dashtype 2 title "no loss", \
     for [k = 1:words(kinds)] file[k] using 1:col:(column(col + 1)):(column(col + 2)) with yerrorlines \
         pointtype 7 pointsize 0.6 linecolor colour[k] title word(kinds, k)

set title "fairness (Jain's index of the spinners' steps)"
set ylabel "1 = every spinner got the same"
set yrange [0:1.05]
col = 5
plot for [k = 1:words(kinds)] file[k] using 1:col:(column(col + 1)):(column(col + 2)) with yerrorlines \
         pointtype 7 pointsize 0.6 linecolor colour[k] title word(kinds, k)

set title "lateness of a probe that asks to wake every 1 ms"
set ylabel "microseconds"
set logscale y
set format y "10^{%L}"
set yrange [*:*]
set key top left
plot for [k = 1:words(kinds)] file[k] using 1:8:9:10 with yerrorlines linecolor colour[k] dashtype 1 \
         pointtype 7 pointsize 0.6 title word(kinds, k)." p50", \
     for [k = 1:words(kinds)] file[k] using 1:11:12:13 with yerrorlines linecolor colour[k] dashtype 2 \
         pointtype 5 pointsize 0.6 title word(kinds, k)." p99", \
     for [k = 1:words(kinds)] file[k] using 1:14:15:16 with yerrorlines linecolor colour[k] dashtype 3 \
         pointtype 9 pointsize 0.8 title word(kinds, k)." max"

set title "involuntary context switches (time slices ended by the scheduler)"
set ylabel "per second, all spinners"
set key top right
col = 17
plot for [k = 1:words(kinds)] file[k] using 1:col:(column(col + 1)):(column(col + 2)) with yerrorlines \
         pointtype 7 pointsize 0.6 linecolor colour[k] title word(kinds, k)
unset multiplot
