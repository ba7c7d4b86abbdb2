# What scripts/plot and the plots' reshapers (scripts/plots/<name>/reshape.jq)
# share: the text of gnuplot data files, and the checks and quoting that turn
# a reshaper's {"data": {NAME: TEXT}, "vars": {NAME: number or string}} into
# gnuplot variables. Strings only ever become quoted literals, never gnuplot
# code. Include with: include "gnuplot"; (jq -L scripts/)

# An array of lines as the text of a data file.
def data_text: map(. + "\n") | add // "";

# An array of blocks, {title, rows: [lines]}, as the text of a data file: each
# block headed by its title, blocks separated by two blank lines (so that
# gnuplot's index picks one and columnheader(1) reads its title).
def data_blocks: map([.title] + .rows + ["", ""]) | add // [] | data_text;

# A gnuplot variable's name, or an error naming the plot and the bad key.
def gnuplot_name($plot):
  if type == "string" and test("^[A-Za-z_][A-Za-z0-9_]*$") then .
  else error("plots/\($plot)/reshape.jq: \(tojson) is not a gnuplot variable name") end;

# A JSON number or string as a gnuplot constant: a number as itself, a string
# in single quotes, where gnuplot reads everything literally but '' (one
# quote); control characters (newlines too) become spaces.
def gnuplot_literal:
  if type == "number" then tostring
  elif type == "string" then "'" + (gsub("[[:cntrl:]]"; " ") | gsub("'"; "''")) + "'"
  else error("\(tojson) is neither a number nor a string") end;

# The reshaper's output checked: null when there is nothing to draw, else
# {data, vars} with valid names, data texts as strings, vars as numbers or
# strings, and no name in both.
def plot_spec($plot):
  if . == null then null
  elif type != "object" or (keys - ["data", "vars"] | length) > 0 then
    error("plots/\($plot)/reshape.jq: expected null or {\"data\": {...}, \"vars\": {...}}, got \(tojson | .[:200])")
  else
    {data: (.data // {}), vars: (.vars // {})}
    | (.data, .vars) |= with_entries(.key |= gnuplot_name($plot))
    | if any(.data[]; type != "string") then error("plots/\($plot)/reshape.jq: a data file's text is not a string")
      elif any(.vars[]; type != "number" and type != "string") then
        error("plots/\($plot)/reshape.jq: \(.vars | with_entries(select(.value | type != "number" and type != "string")) | tojson) "
              + "are neither numbers nor strings")
      elif ([.data, .vars | keys[]] | length) != ([.data, .vars | keys[]] | unique | length)
      then error("plots/\($plot)/reshape.jq: a name is both a data file and a variable")
      else . end
  end;

# One gnuplot command setting every variable: $common first (out, format,
# machine), then the plot's vars, which may override them, then each data
# file's path in $dir (the file being named after its variable).
def gnuplot_assignments($common; $dir):
  [ $common + .vars + (.data | with_entries(.value = "\($dir)/\(.key)")) | to_entries[]
    | "\(.key) = \(.value | gnuplot_literal)" ]
  | join("; ");
