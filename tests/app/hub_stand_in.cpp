// The stand-in Hub as a program, for trying the app and the CLI by hand and for the screenshot script:
//   hub_stand_in PORT_FILE BYTES_PER_SECOND REPO_ID=FOLDER [REPO_ID=FOLDER…]
// writes its URL to PORT_FILE and serves until killed.
#include "hub_test_server.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4) {
        std::fputs("usage: hub_stand_in URL_FILE BYTES_PER_SECOND REPO_ID=FOLDER...\n", stderr);
        return 2;
    }
    HubTestServer hub;
    hub.bytesPerSecond = args[2].toInt();
    for (const QString &repo : args.mid(3))
        hub.addRepo(repo.section(QLatin1Char('='), 0, 0), repo.section(QLatin1Char('='), 1));
    QFile out(args[1]);
    if (!out.open(QIODevice::WriteOnly))
        return 3;
    out.write(hub.url().toUtf8());
    out.close();
    return app.exec();
}
