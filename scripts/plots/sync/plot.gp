# Two panels on log y, a cluster of bars per primitive, a bar per thread
# count: the time of one operation, and the context switches per operation.
# Bars are medians over the repetitions, error bars span the fastest to the
# slowest. A switch count of zero has no bar: a log scale has no zero.
#
# Set by scripts/plot from reshape.py:
#   out       output file without extension
#   format    png or svg
#   threads   words: the thread counts, smallest first (1 is uncontended)
#   op_time   data file: "primitive med min max ..." in ns, a triple per thread count
#   switches  data file: the same, in context switches per operation
#   pus       PUs of the machine
#   machine   the machine's name and topology, for the title

if (format eq "svg") {
    set terminal svg size 1200,520 dynamic enhanced font "sans,12" background "white"
} else {
    set terminal pngcairo size 1400,600 enhanced font "sans,11" background "white"
}
set output out.".".format

count(k) = word(threads, k) + 0
contention(k) = count(k) == 1 ? "1 thread (uncontended)" : \
                count(k) == pus ? sprintf("%d threads (= PUs)", count(k)) : \
                count(k) == 2 * pus ? sprintf("%d threads (2 x PUs)", count(k)) : sprintf("%d threads", count(k))
# Light to dark as contention grows; greys, so that no bar reads as one of
# the models' colours (the palette), which are not what these bars tell apart.
array colour[3] = ["#cccccc", "#888888", "#333333"]

set multiplot layout 1, 2 title machine noenhanced
set style data histogram
set style histogram errorbars gap 1 linewidth 1
set style fill solid 0.75 border -1
set logscale y
set format y "10^{%L}"
set grid ytics
set xtics nomirror noenhanced rotate by -30
set key top left box opaque noenhanced
set bmargin 6

set title "time of one operation (acquire+release, set+clear, one barrier wait)"
set ylabel "ns per operation"
plot for [k = 1:words(threads)] op_time using (column(3 * k - 1)):(column(3 * k)):(column(3 * k + 1)):xtic(1) \
         linecolor rgb colour[(k - 1) % 3 + 1] title contention(k)

set title "context switches per operation (voluntary + involuntary, whole process)"
set ylabel "context switches per operation"
plot for [k = 1:words(threads)] switches using (column(3 * k - 1)):(column(3 * k)):(column(3 * k + 1)):xtic(1) \
         linecolor rgb colour[(k - 1) % 3 + 1] title contention(k)
unset multiplot
