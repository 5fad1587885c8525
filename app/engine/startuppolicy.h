#pragma once

#include "modelchoice.h"

// Which model the app loads when it starts. The model given on the command line, as asked and nothing else;
// otherwise the one the user last chose successfully (a choice that failed to load was never remembered),
// with the demo model standing in when it does not load (its server is down, its folder broken) or when
// its folder is gone; with nothing remembered, the demo model. A missing demo model stands in for nothing.
struct StartupPlan {
    ModelChoice load;     // None: nothing loads
    ModelChoice fallback; // loaded when `load` fails; None: the failure stays on screen
    QString notice;       // why `load` is not the remembered choice ("" when it is)

    bool operator==(const StartupPlan &o) const
    {
        return load == o.load && fallback == o.fallback && notice == o.notice;
    }
};

[[nodiscard]] StartupPlan planStartup(const QString &commandLineFolder, const ModelChoice &remembered,
                                      bool demoInstalled, bool rememberedFolderExists);
