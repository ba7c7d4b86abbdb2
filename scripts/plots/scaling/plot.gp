# Speedup against workers, one panel per workload, one line per
# model/placement, with the ideal (linear) speedup and the PU count marked.
#
# Set by scripts/plot from reshape.jq:
#   out       output file without extension
#   format    png or svg
#   panels    how many panels (workloads)
#   panel_N   panel N's data file: a block per model/placement
#   fit_N     panel N's fitted USL curves, in the same blocks
#   title_N   the title of panel N
#   models_N  for panel N, words: each block's model index (colour)
#   places_N  for panel N, words: each block's placement index (dash)
#   pus       PUs of the machine
#   machine   the machine's name and topology, for the title

# At most four panels a row, so that each stays wide enough to read.
columns = panels < 4 ? panels : 4
rows = (panels + columns - 1) / columns
if (format eq "svg") {
    set terminal svg size 1200,760 * rows dynamic enhanced font "sans,12" background "white"
} else {
    set terminal pngcairo size 1400,860 * rows enhanced font "sans,11" background "white"
}
set output out.".".format

set multiplot layout rows, columns title machine noenhanced
set xlabel "workers"
set ylabel "speedup over one sequential worker"
set grid
# Below each panel, so that a key of two dozen series hides no curve.
set key below left Left reverse font ",8" maxcols 2 samplen 2 spacing 0.9
set xrange [0:*]
set format x "%g"
if (pus <= 4) { set xtics 1 }
set yrange [0:*]
set offsets 0, 0.5, 0.5, 0
set arrow 1 from pus, graph 0 to pus, graph 1 nohead dashtype 3 linecolor rgb "gray40"
set label 1 sprintf("%d PUs", pus) at pus, graph 0.97 offset 0.5, 0 font ",9" textcolor rgb "gray40"

# gnuplot's eight default line colours, mostly transparent (#AARRGGBB): the
# fitted curves sit wide and pale behind the measured ones.
array pale[8] = ["#B09400D3", "#B0009E73", "#B056B4E9", "#B0E69F00", "#B0F0E442", "#B00072B2", "#B0E51E10", "#B0000000"]

do for [p = 1:panels] {
    file = value(sprintf("panel_%d", p))
    fit = value(sprintf("fit_%d", p))
    models = value(sprintf("models_%d", p))
    places = value(sprintf("places_%d", p))
    # dashtype takes a number or an array element, not an expression.
    array colour[words(models)]
    array dash[words(places)]
    do for [b = 1:words(models)] {
        colour[b] = word(models, b) + 0
        dash[b] = word(places, b) + 0
    }
    set title value(sprintf("title_%d", p)) noenhanced
    plot x with lines linecolor rgb "gray60" dashtype 2 title "ideal", \
         NaN with lines linecolor rgb pale[8] linewidth 4 title "USL fit", \
         for [b = 1:words(models)] fit index (b - 1) using 1:2 with lines \
             linecolor rgb pale[(colour[b] - 1) % 8 + 1] linewidth 4 notitle, \
         for [b = 1:words(models)] file index (b - 1) using 1:2:3:4 with yerrorlines \
             linecolor colour[b] dashtype dash[b] pointtype 7 pointsize 0.6 title columnheader(1) noenhanced
}
unset multiplot
