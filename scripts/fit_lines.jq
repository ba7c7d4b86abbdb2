# The fitted USL curves of one workload as gnuplot data, in the same blocks
# and order as scaling.jq's points: one block per model/placement, rows
# "workers speedup" from 1 to the largest worker count. The USL was fitted
# to speedup relative to the curve's own one-worker point, so it is scaled
# back by that point's speedup over seq. A curve that was not fitted gets an
# empty block (one NaN row), which keeps the blocks aligned.
#
#   jq -r -f fit_lines.jq --arg workload cpu_int fits.json
.[] | select(.workload == $workload)
| "\(.model)/\(.placement)",
  (if .status == "fitted" then
     (.points | map(.[0]) | max) as $last
     | .one_worker_speedup as $scale
     | .usl as {a: $a, b: $b}
     | range(0; 61) | 1 + (. / 60) * ($last - 1)
     | "\(.) \(. / (1 + $a * (. - 1) + $b * . * (. - 1)) * $scale)"
   else "1 NaN" end),
  "", ""
