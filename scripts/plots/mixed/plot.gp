# Speedup against the share of each task spent computing, one line per
# model, at the largest worker count, with the two bounds that cap it:
# waits overlap without limit, but the computing share needs a core (at most
# PUs at once), or the one lock or thread (at most one at once).
#
# Set by scripts/plot from reshape.py:
#   out       output file without extension
#   format    png or svg
#   data      the data file: a block per model, headed by its name
#   models    words: each block's model (its colour, from palette)
#   workers   the worker count the points were measured at
#   pus       PUs of the machine
#   machine   the machine's name and topology, for the title
#   palette   the models' colours and the placements' dashes (analysis/palette.py)

if (format eq "svg") {
    set terminal svg size 900,560 dynamic enhanced font "sans,12" background "white"
} else {
    set terminal pngcairo size 1000,620 enhanced font "sans,11" background "white"
}
set output out.".".format
load palette

set title sprintf("%s\nspeedup over one sequential worker, with %d workers", machine, workers) noenhanced
set xlabel "share of each task spent computing (%): timer 0, mixed25/50/75, cpu_int 100" noenhanced
set ylabel "speedup over one sequential worker"
set grid
set key top right box opaque font ",9"
set xrange [0:100]
set xtics 0, 25, 100
set yrange [0:*]
set offsets 0, 0, 0.5, 0
set samples 400

# With share s of a task computing, `workers` tasks can wait at once, but
# only `pus` (or one) can compute: speedup <= min(workers, pus / s).
bound(cores, s) = s <= 0 ? workers : (workers < 100.0 * cores / s ? workers : 100.0 * cores / s)

plot bound(pus, x) with lines linecolor rgb "gray50" dashtype 2 title sprintf("bound: %d PUs compute", pus), \
     bound(1, x) with lines linecolor rgb "gray70" dashtype 3 title "bound: one computes (GIL, one thread)", \
     for [b = 1:words(models)] data index (b - 1) using 1:2:3:4 with yerrorlines \
         linecolor rgb model_colour(word(models, b)) linewidth 1.5 pointtype 7 pointsize 0.8 title columnheader(1) noenhanced
