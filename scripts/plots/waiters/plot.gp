# The waiters family: N concurrent waits of the same duration on one thread
# with coroutines, against N threads each waiting. Left: wall time of a round
# (the wait itself is the floor); right: resident memory each waiter adds.
#
# Set by scripts/plot from reshape.py:
#   out, format   output file without extension, png or svg
#   data          the data file: a block per series
#   series        how many blocks it holds
#   models        words: each block's model, its colour (the palette)
#   dashes        words: each block's dash, telling a model's series apart
#   wait_ms       the duration of each wait
#   machine       the machine's name and topology, for the title
#   palette       the models' colours and the placements' dashes (analysis/palette.py)

if (format eq "svg") {
    set terminal svg size 1200,520 dynamic enhanced font "sans,12" background "white"
} else {
    set terminal pngcairo size 1400,600 enhanced font "sans,11" background "white"
}
set output out.".".format
load palette
# (dashtype takes a number or a function's value, not an expression.)
dash(b) = word(dashes, b) + 0

set multiplot layout 1, 2 title machine noenhanced
set logscale x 10
set xlabel "concurrent waiters"
set grid
set key top left box opaque font ",9"

set title sprintf("one round of %g ms waits", wait_ms)
set logscale y 10
set yrange [wait_ms * 0.8:*]
set ylabel "wall time per round (ms)"
plot wait_ms with lines linecolor rgb "gray60" dashtype 2 title "the wait alone", \
     for [b = 1:series] data index (b - 1) using 1:2 with linespoints linecolor rgb model_colour(word(models, b)) dashtype dash(b) pointtype 7 pointsize 0.7 \
         title columnheader(1) noenhanced

set title "memory per waiter"
unset logscale y
set yrange [0:*]
set ylabel "resident bytes added per waiter"
plot for [b = 1:series] data index (b - 1) using 1:3 with linespoints linecolor rgb model_colour(word(models, b)) dashtype dash(b) pointtype 7 pointsize 0.7 \
         title columnheader(1) noenhanced
unset multiplot
