# The trend of chosen figures over a machine's runs: one line per figure,
# each run's median time relative to the figure's first run.
#
# Set by scripts/plot from reshape.py:
#   out       output file without extension
#   format    png or svg
#   data      gnuplot data: one block per figure, headed by its name,
#             rows "run relative-time"
#   blocks    how many figures (blocks) the data has
#   runs      how many runs
#   tic_N     run N's name on the x axis (date and commit)
#   machine   the machine's name, for the title

if (format eq "svg") {
    set terminal svg size 1000,520 dynamic enhanced font "sans,12" background "white"
} else {
    set terminal pngcairo size 1100,560 enhanced font "sans,11" background "white"
}
set output out.".".format

set title sprintf("%s: median time over runs, relative to the first run (below 1 is faster; + marks uncommitted changes)", machine) noenhanced
set xlabel "run (date and commit)"
set ylabel "time relative to the first run"
set grid
set key outside right top font ",9" noenhanced
set xtics () rotate by -30 font ",9"
do for [run = 1:runs] {
    set xtics add (value(sprintf("tic_%d", run)) run)
}
set xrange [0.5:runs + 0.5]
set yrange [0:*]
set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead dashtype 2 linecolor rgb "gray60"
plot for [b = 0:blocks - 1] data index b using 1:2 with linespoints pointtype 7 pointsize 0.7 title columnheader(1)
