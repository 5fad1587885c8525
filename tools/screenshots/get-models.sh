#!/usr/bin/env bash
# Makes docs/screenshots/get-models.png: the real app under xvfb, Model ▸ Get models… half way through a slow
# download from the stand-in Hub the tests use (tests/app/hub_stand_in, a tiny fixture as the model). The
# offscreen grab of tools/make-screenshots.sh does not draw a dialog's background, so this one is an X screen.
# usage: tools/screenshots/get-models.sh [BUILD_DIR]   (needs xvfb-run, xdotool, ImageMagick)
set -euo pipefail
cd "$(dirname "$0")/../.."
build="$(realpath "${1:-build}")"
scratch=$(mktemp -d)
"$build/tests/app/hub_stand_in" "$scratch/url" 60000 "groundchat/kosmos-2-tiny=$PWD/tests/data/kosmos2-tiny-a" &
hub=$!
trap 'kill $hub 2>/dev/null; rm -rf "$scratch"' EXIT
sleep 1
cat > "$scratch/drive.sh" <<DRIVE
#!/usr/bin/env bash
export HF_ENDPOINT=\$(cat "$scratch/url") HF_HUB_CACHE="$scratch/hub" XDG_CONFIG_HOME="$scratch/config" \
       XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache"
"$build/app/groundchat" --lang en --theme light > "$scratch/app.log" 2>&1 &
app=\$!
sleep 12
xdotool mousemove 232 20 click 1; sleep 1                                       # Model
xdotool mousemove 300 112; sleep 0.5; xdotool mousedown 1; sleep 0.2; xdotool mouseup 1; sleep 3   # Get models…
xdotool mousemove 620 306; sleep 0.3; xdotool click 1; sleep 0.5                # the repo-id box
xdotool type --delay 30 "groundchat/kosmos-2-tiny"; sleep 0.3; xdotool key Return
sleep 5
import -window root "$scratch/shot.png"
kill \$app
DRIVE
chmod +x "$scratch/drive.sh"
xvfb-run -a -s "-screen 0 1400x900x24" "$scratch/drive.sh"
convert "$scratch/shot.png" -crop 1380x860+0+0 +repage docs/screenshots/get-models.png
