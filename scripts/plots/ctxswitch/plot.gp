# Up to two panels on log y: the time of one switch for each mechanism, with
# both parties on one PU and on two different PUs; and the time to create,
# run and reclaim one thread, process and coroutine. Bars are medians over
# the repetitions, error bars span the fastest to the slowest.
#
# Set by scripts/plot from reshape.py:
#   out        output file without extension
#   format     png or svg
#   switches   data file: "mechanism same med min max cross med min max"
#              (ns, NaN where not measured); undefined when there is none
#   tallest    the largest figure in it
#   same_pus   the PUs of the same-PU runs, e.g. "0+0"
#   cross_pus  the PUs of the cross-PU runs, e.g. "0+1"; "" when none ran
#   spawns     data file: "unit med min max" (ns); undefined when there is none
#   machine    the machine's name and topology, for the title
#   palette    the models' colours, for the spawn bars (analysis/palette.py)

if (format eq "svg") {
    set terminal svg size 1200,520 dynamic enhanced font "sans,12" background "white"
} else {
    set terminal pngcairo size 1400,600 enhanced font "sans,11" background "white"
}
set output out.".".format
load palette
# A unit's bar in its model's colour (a pooled coroutine is a coroutine), as
# the 0xRRGGBB number that "linecolor rgb variable" reads.
unit_colour(unit) = ("0x".model_colour(unit eq "pooled_coroutine" ? "coroutine" : unit)[2:]) + 0
# The switch bars tell placements apart, not models: greys, none of the
# models' colours.
same_colour = "#555555"
cross_colour = "#aaaaaa"

# 2.1 us rather than 2100 ns: the bars span four decades.
human(ns) = ns < 1000 ? sprintf("%.0f ns", ns) : ns < 1e6 ? sprintf("%.1f us", ns / 1e3) : sprintf("%.1f ms", ns / 1e6)
# "futex/thread" reads better as "futex" over "thread".
slash(s) = strstrt(s, "/")
two_lines(s) = slash(s) ? s[1:slash(s) - 1]."\n".s[slash(s) + 1:] : s

set multiplot layout 1, exists("switches") + exists("spawns") title machine noenhanced
set style data histogram
set style histogram errorbars gap 1 linewidth 1
set style fill solid 0.75 border -1
set logscale y
set format y "10^{%L}"
set grid ytics
set xtics nomirror noenhanced
set key top left box opaque noenhanced
set bmargin 4

if (exists("switches")) {
    set title "one switch (a round trip is two)"
    set ylabel "ns per switch"
    # A decade of room above the tallest bar, for the key.
    set yrange [*:10 ** ceil(log10(tallest) + 1)]
    same = sprintf("same PU (PUs %s)", same_pus)
    if (cross_pus eq "") {
        plot switches using 2:3:4:xtic(two_lines(strcol(1))) linecolor rgb same_colour title same, \
             '' using 0:2:(human($2)) with labels offset 0, 0.8 font ",9" notitle
    } else {
        # The cluster of row i is centred on x = i; of its two bars (width
        # 1/3 with gap 1) the first is at i - 1/6, the second at i + 1/6.
        plot switches using 2:3:4:xtic(two_lines(strcol(1))) linecolor rgb same_colour title same, \
             '' using 5:6:7 linecolor rgb cross_colour title sprintf("different PUs (PUs %s)", cross_pus), \
             '' using ($0 - 1.0 / 6):2:(human($2)) with labels offset 0, 0.8 font ",9" notitle, \
             '' using ($0 + 1.0 / 6):5:(human($5)) with labels offset 0, 0.8 font ",9" notitle
    }
}

if (exists("spawns")) {
    set title "create, run to its end and reclaim one"
    set ylabel "ns per unit"
    set yrange [*:*]
    unset key
    # Boxes at x = 0, 1, ..., 0.6 wide.
    set xrange [-0.6:*]
    set offsets 0, 0.6, 0, 0
    plot spawns using 0:2:3:4:(0.3):(unit_colour(strcol(1))):xtic(1) with boxerrorbars linecolor rgb variable notitle, \
         '' using 0:2:(human($2)) with labels offset 0, 0.8 font ",9" notitle
}
unset multiplot
