# The convoy family: how late an IO thread's short sleep comes back against
# the CPU-bound threads beside it, with the suite's GIL (it must win the GIL
# back), without one (it needs only a CPU), and with CPython's own GIL
# (CPython's series, dashed with open points in the gil series' colour).
# Lateness p50 and p99, log scale, medians over the repetitions with their
# range.
#
# Set by scripts/plot from reshape.py:
#   out, format         output file without extension, png or svg
#   series              how many series
#   series_N            the data file of series N
#   name_N              its name (cpython, gil, no_gil)
#   model_N             the model whose colour it takes
#   cpython_N           1 for CPython's series, else 0
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

# p50 solid and p99 dotted for the suite's series; dashed and dash-dotted,
# with open points, for CPython's.
array colour[series]
array file[series]
array dash50[series]
array dash99[series]
array point50[series]
array point99[series]
do for [s = 1:series] {
    colour[s] = model_colour(value(sprintf("model_%d", s)))
    file[s] = value(sprintf("series_%d", s))
    measured = value(sprintf("cpython_%d", s))
    dash50[s] = measured ? 2 : 1
    dash99[s] = measured ? 4 : 3
    point50[s] = measured ? 6 : 7
    point99[s] = measured ? 4 : 5
}

set title sprintf("%s\nan IO thread sleeps %g us, again and again, beside CPU-bound threads%s", machine, sleep_us, \
                 switch_interval_ms > 0 ? sprintf(" (GIL switch interval %g ms)", switch_interval_ms) : "") noenhanced
set xlabel "CPU-bound threads"
set xtics 1
set autoscale xfix
set offsets 0.3, 0.3, 0, 0
set ylabel "lateness of each sleep (microseconds)"
set logscale y
set format y "10^{%L}"
set grid
set key top left reverse Left box opaque font ",9"

plot for [s = 1:series] file[s] using 1:2:3:4 with yerrorlines linecolor rgb colour[s] dashtype dash50[s] \
         linewidth 1.5 pointtype point50[s] pointsize 0.7 title value(sprintf("name_%d", s))." p50" noenhanced, \
     for [s = 1:series] file[s] using 1:5:6:7 with yerrorlines linecolor rgb colour[s] dashtype dash99[s] \
         linewidth 1.5 pointtype point99[s] pointsize 0.7 title value(sprintf("name_%d", s))." p99" noenhanced
