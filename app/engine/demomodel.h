#pragma once

// Where the built-in demo model (resources/models/demo-kosmos2, a small Kosmos-2 trained by
// tools/demo_model on synthetic scenes of coloured shapes) lives, so the app can fall back to it when
// no model is configured.

#include <QString>

// The folder, or an empty string when it is nowhere to be found. Looked up in order: $GC_DEMO_MODEL,
// the install data dir next to the executable (<prefix>/share/groundchat/models/demo-kosmos2), the
// source tree the program was built from.
[[nodiscard]] QString demoModelPath();

// How the UI should name it: it only knows synthetic scenes of shapes.
[[nodiscard]] QString demoModelLabel();
