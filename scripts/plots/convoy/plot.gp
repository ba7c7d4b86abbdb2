# The convoy family: how late an IO thread's short sleep comes back against
# the CPU-bound threads beside it, with a GIL (it must win the GIL back) and
# without (it needs only a CPU). Lateness p50 (solid) and p99 (dotted), log
# scale, medians over the repetitions with their range; the dashed line is
# CPython's rule for the GIL series: a switch interval per CPU-bound thread.
#
# Set by scripts/plot from reshape.py:
#   out, format         output file without extension, png or svg
#   series_N            the data file of series N
#   series              words: the series (gil, no_gil)
#   sleep_us            the IO thread's sleep
#   switch_interval_ms  the GIL's switch interval (0 when the GIL did not run)
#   machine             the machine's name and topology, for the title
#   palette             the models' colours

if (format eq "svg") {
    set terminal svg size 1000,640 dynamic enhanced font "sans,12" background "white"
} else {
    set terminal pngcairo size 1100,700 enhanced font "sans,11" background "white"
}
set output out.".".format
load palette

# The GIL series in the gil model's colour, the other in the thread model's:
# it is the same threads with no lock.
array colour[words(series)]
array file[words(series)]
do for [s = 1:words(series)] {
    colour[s] = model_colour(word(series, s) eq "gil" ? "gil" : "thread")
    file[s] = value(sprintf("series_%d", s))
}
gil = 0
do for [s = 1:words(series)] {
    if (word(series, s) eq "gil") { gil = s }
}

set title sprintf("%s\nan IO thread sleeps %g us, again and again, beside CPU-bound threads", \
                 machine, sleep_us) noenhanced
set xlabel "CPU-bound threads"
set xtics 1
set autoscale xfix
set offsets 0.3, 0.3, 0, 0
set ylabel "lateness of each sleep (microseconds)"
set logscale y
set format y "10^{%L}"
set grid
set key top left reverse Left box opaque font ",9"

plot for [s = 1:words(series)] file[s] using 1:2:3:4 with yerrorlines linecolor rgb colour[s] dashtype 1 \
         linewidth 1.5 pointtype 7 pointsize 0.7 title word(series, s)." p50" noenhanced, \
     for [s = 1:words(series)] file[s] using 1:5:6:7 with yerrorlines linecolor rgb colour[s] dashtype 3 \
         linewidth 1.5 pointtype 5 pointsize 0.7 title word(series, s)." p99" noenhanced, \
     for [s = (gil > 0 ? gil : 1):gil] file[s] using 1:($8 > 0 ? $8 : NaN) with linespoints \
         linecolor rgb colour[s] dashtype 2 linewidth 1.5 pointtype 6 pointsize 1 \
         title sprintf("gil, CPython's rule: k x %g ms (the switch interval)", switch_interval_ms)
