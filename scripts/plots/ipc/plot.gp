# The ipc family: four panels.
#   round-trip latency, streaming throughput and CPU per message against the
#   message size (log-log), one line per transport;
#   one list operation through the manager's server against one in shared
#   memory, as bars on a log scale.
#
# Set by scripts/plot from reshape.py:
#   out                 output file without extension
#   format              png or svg
#   latency, throughput, cpu, list   data files
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

set multiplot layout 2, 2 title machine."\n".pinning noenhanced

set logscale xy
set grid
set xrange [4:2.5e6]
set xlabel "message size (bytes)"
set format x "10^{%L}"
set format y "10^{%L}"
set key top left box opaque font ",9"

array titles[4] = ["round trip (n bytes there, n back)", "streaming (one way)", \
                   "CPU time of both processes per message (round trip)", \
                   "one list operation: the notes' Manager().list() against Array"]
array ylabels[4] = ["latency (us)", "throughput (MB/s)", "CPU per message (us)", "time per operation (ns)"]
do for [panel = 1:4] {
    data = panel == 1 ? latency : panel == 2 ? throughput : panel == 3 ? cpu : list
    names = panel == 1 ? latency_names : panel == 2 ? throughput_names : panel == 3 ? cpu_names : list_names
    set title titles[panel]
    if (panel == 2) {
        set key bottom right
    }
    if (panel == 3) {
        set key top left
    }
    if (panel == 4) {
        unset logscale x
        set format x "%g"
        set xrange [-1:5]
        set xtics ("li[i] = v" 0.5, "li.append(v)" 3.5)
        unset xlabel
    }
    set ylabel ylabels[panel]
    if (panel == 4) {
        set yrange [1:*]
        set offsets 0, 0, graph 0.15, 0
        set style fill solid 0.7 border rgb "black"
        set key top right
    }
    if (words(names) == 0) {
        # A panel whose rows are not in the results says so instead.
        unset logscale; unset border; unset tics; unset key
        set label 1 'not in these results' at graph 0.5, 0.5 center
        plot [0:1] [0:1] 2 notitle
        unset label 1; set border; set tics; set key; set logscale xy
    } else {
        if (panel < 4) {
            plot for [b = 1:words(names)] data index (b - 1) using 1:2:3:4 with yerrorlines \
                 linecolor rgb colour(word(names, b)) pointtype 7 pointsize 0.6 title word(names, b) noenhanced
        } else {
            plot for [b = 1:words(names)] data index (b - 1) using 1:3:4:5:(0.9) with boxerrorbars \
                     linecolor rgb colour(word(names, b)) \
                     title (word(names, b) eq "manager" ? "manager (server process, Unix socket)" : \
                            word(names, b) eq "shared_list" ? "shared_list (shared memory, process-shared lock)" : \
                            word(names, b)) noenhanced, \
                 for [b = 1:words(names)] data index (b - 1) using 1:3:(duration($3)) with labels \
                     offset 0, 1 font ",9" notitle
        }
    }
}
unset multiplot
