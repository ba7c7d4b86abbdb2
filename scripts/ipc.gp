# The ipc family: four panels.
#   round-trip latency, streaming throughput and CPU per message against the
#   message size (log-log), one line per transport;
#   one list operation through the manager's server against one in shared
#   memory, as bars on a log scale.
#
# Set on the command line (scripts/plot_ipc does):
#   out                 output file without extension
#   format              png or svg
#   latency, throughput, cpu, list   data files (scripts/ipc.jq)
#   latency_names, throughput_names, cpu_names, list_names
#                       words: the titles of each file's blocks, in order
#   pinning             how the two processes were placed, for the title
#   machine             the machine's name and topology, for the title

if (format eq "svg") {
    set terminal svg size 1200,900 dynamic enhanced font "sans,12" background "white"
} else {
    set terminal pngcairo size 1400,1050 enhanced font "sans,11" background "white"
}
set output out.".".format

# Each transport and list keeps its colour in every panel.
colour(name) = name eq "shm_spin" ? "#d62728" : name eq "shm_futex" ? "#ff7f0e" : \
               name eq "pipe" ? "#2ca02c" : name eq "unix" ? "#1f77b4" : name eq "tcp" ? "#9467bd" : \
               name eq "manager" ? "#7f7f7f" : name eq "shared_list" ? "#d62728" : "#000000"
# A duration in nanoseconds, in the unit that suits it.
duration(ns) = ns >= 1e6 ? sprintf("%.3g ms", ns / 1e6) : ns >= 1e3 ? sprintf("%.3g us", ns / 1e3) : \
               sprintf("%.3g ns", ns)

# A panel whose rows are not in the results says so instead.
not_measured = "unset logscale; unset border; unset tics; unset key; " . \
               "set label 1 'not in these results' at graph 0.5, 0.5 center; plot [0:1] [0:1] 2 notitle; " . \
               "unset label 1; set border; set tics; set key; set logscale xy"

set multiplot layout 2, 2 title machine."\n".pinning noenhanced

set logscale xy
set grid
set xrange [4:2.5e6]
set xlabel "message size (bytes)"
set format x "10^{%L}"
set format y "10^{%L}"
set key top left box opaque font ",9"

set title "round trip (n bytes there, n back)"
set ylabel "latency (us)"
if (words(latency_names) > 0) {
    plot for [b = 1:words(latency_names)] latency index (b - 1) using 1:2:3:4 with yerrorlines \
         linecolor rgb colour(word(latency_names, b)) pointtype 7 pointsize 0.6 title word(latency_names, b) noenhanced
} else {
    eval not_measured
}

set title "streaming (one way)"
set ylabel "throughput (MB/s)"
set key bottom right
if (words(throughput_names) > 0) {
    plot for [b = 1:words(throughput_names)] throughput index (b - 1) using 1:2:3:4 with yerrorlines \
         linecolor rgb colour(word(throughput_names, b)) pointtype 7 pointsize 0.6 title word(throughput_names, b) noenhanced
} else {
    eval not_measured
}

set title "CPU time of both processes per message (round trip)"
set ylabel "CPU per message (us)"
set key top left
if (words(cpu_names) > 0) {
    plot for [b = 1:words(cpu_names)] cpu index (b - 1) using 1:2:3:4 with yerrorlines \
         linecolor rgb colour(word(cpu_names, b)) pointtype 7 pointsize 0.6 title word(cpu_names, b) noenhanced
} else {
    eval not_measured
}

set title "one list operation: the notes' Manager().list() against Array"
unset logscale x
set format x "%g"
set xrange [-1:5]
set xtics ("li[i] = v" 0.5, "li.append(v)" 3.5)
unset xlabel
set ylabel "time per operation (ns)"
set yrange [1:*]
set offsets 0, 0, graph 0.15, 0
set style fill solid 0.7 border rgb "black"
set key top right
if (words(list_names) > 0) {
    plot for [b = 1:words(list_names)] list index (b - 1) using 1:3:4:5:(0.9) with boxerrorbars \
             linecolor rgb colour(word(list_names, b)) \
             title (word(list_names, b) eq "manager" ? "manager (server process, Unix socket)" : \
                    word(list_names, b) eq "shared_list" ? "shared_list (shared memory, process-shared lock)" : \
                    word(list_names, b)) noenhanced, \
         for [b = 1:words(list_names)] list index (b - 1) using 1:3:(duration($3)) with labels \
             offset 0, 1 font ",9" notitle
} else {
    eval not_measured
}
unset multiplot
