# Speedup against workers, one panel per workload, one line per
# model/placement, with the ideal (linear) speedup and the PU count marked.
#
# Set on the command line (scripts/plot does):
#   out       output file without extension
#   format    png or svg
#   panels    words: data files, one per workload
#   title_N   the title of panel N
#   models_N  for panel N, words: each block's model index (colour)
#   places_N  for panel N, words: each block's placement index (dash)
#   pus       PUs of the machine
#   machine   the machine's name and topology, for the title

if (format eq "svg") {
    set terminal svg size 1200,520 dynamic enhanced font "sans,12" background "white"
} else {
    set terminal pngcairo size 1400,600 enhanced font "sans,11" background "white"
}
set output out.".".format

set multiplot layout 1, words(panels) title machine noenhanced
set xlabel "workers"
set ylabel "speedup over one sequential worker"
set grid
set key top left box opaque font ",9"
set xrange [0:*]
set format x "%g"
if (pus <= 4) { set xtics 1 }
set yrange [0:*]
set offsets 0, 0.5, 0.5, 0
set arrow 1 from pus, graph 0 to pus, graph 1 nohead dashtype 3 linecolor rgb "gray40"
set label 1 sprintf("%d PUs", pus) at pus, graph 0.97 offset 0.5, 0 font ",9" textcolor rgb "gray40"

do for [p = 1:words(panels)] {
    file = word(panels, p)
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
         for [b = 1:words(models)] file index (b - 1) using 1:2:3:4 with yerrorlines \
             linecolor colour[b] dashtype dash[b] pointtype 7 pointsize 0.6 title columnheader(1) noenhanced
}
unset multiplot
