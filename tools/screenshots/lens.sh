#!/usr/bin/env bash
# Makes docs/screenshots/logit-lens.png and vl-sam-mask.png: the real app under xvfb on its first-start demo
# session (the built-in demo model). Lens tab, Explain, the slider to the last layer (3 of 3), the word "diamond"
# (on this image its map lies on the orange diamond at that layer; at the panel's default layer 0 it peaks in the
# blue square); then Attention for the answer's phrase "an orange diamond", Segment from this map; the mask A4 is
# that phrase's, shown on the Chat tab with the phrase hovered.
# Positions are those of the 1400x900 screen (find them again with `import -window root` if the window changes).
# usage: [XVFB_NUM=N] tools/screenshots/lens.sh [BUILD_DIR]   (needs xvfb-run, xdotool, ImageMagick; the X server
# takes the first free display from N, 99 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
build="$(realpath "${1:-build}")"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cat > "$scratch/drive.sh" <<DRIVE
#!/usr/bin/env bash
export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache"
"$build/app/groundchat" --lang en --theme light > "$scratch/app.log" 2>&1 &
app=\$!
sleep 20
xdotool mousemove 1320 115 click 1; sleep 1                                    # Lens tab
xdotool mousemove 1140 174 click 1; sleep 10                                   # Explain the latest answer
xdotool mousemove 1275 370 click 1; sleep 2                                    # layer slider: the last layer
xdotool mousemove 1140 419 click 1; sleep 0.5                                  # word field
xdotool key ctrl+a; xdotool type --delay 40 diamond; xdotool key Return; sleep 6
import -window root "$scratch/lens.png"
xdotool mousemove 1046 289 click 1; sleep 2                                    # Attention
xdotool mousemove 1000 478 click 1; sleep 0.5                                  # whose attention: a phrase
xdotool key ctrl+a; xdotool type --delay 40 "an orange diamond"; xdotool key Return; sleep 6
xdotool mousemove 1140 751 click 1; sleep 12                                   # Segment from this map
xdotool mousemove 959 114 click 1; sleep 2                                     # Chat tab
xdotool mousemove 1160 280; sleep 2                                            # hover the phrase
import -window root "$scratch/mask.png"
kill \$app
DRIVE
chmod +x "$scratch/drive.sh"
xvfb-run -a -n "${XVFB_NUM:-99}" -s "-screen 0 1400x900x24" "$scratch/drive.sh"
convert "$scratch/lens.png" -crop 1380x860+0+0 +repage docs/screenshots/logit-lens.png
convert "$scratch/mask.png" -crop 1380x860+0+0 +repage docs/screenshots/vl-sam-mask.png
