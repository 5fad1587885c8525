#include "startuppolicy.h"

StartupPlan planStartup(const QString &commandLineFolder, const ModelChoice &remembered, bool demoInstalled,
                        bool rememberedFolderExists)
{
    const ModelChoice demo = demoInstalled ? ModelChoice::demo() : ModelChoice();
    if (!commandLineFolder.isEmpty())
        return {ModelChoice::localFolder(commandLineFolder), {}, {}};
    switch (remembered.kind()) {
    case ModelChoice::Kind::None:
    case ModelChoice::Kind::Demo: return {demo, {}, {}};
    case ModelChoice::Kind::Folder:
        // a folder on a drive that is not mounted now: the choice stays for the next start
        if (!rememberedFolderExists && demoInstalled)
            return {demo, {},
                    QCoreApplication::translate("StartupPlan", "The model folder %1 is not there any more: the demo model answers instead.")
                        .arg(remembered.folder())};
        return {remembered, demo, {}};
    case ModelChoice::Kind::Server: return {remembered, demo, {}};
    }
    return {};
}
