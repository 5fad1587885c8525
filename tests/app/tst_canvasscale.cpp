// The canvas with sessions far larger than anyone draws by hand: memory per region stays small (measured in
// this process), the canvas keeps a bounded number of region items, and a huge polygon is bounded on the way in.
#include "session.h"

#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickView>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtTest>

#include <cmath>

Q_IMPORT_QML_PLUGIN(GroundChat_CorePlugin)
Q_IMPORT_QML_PLUGIN(GroundChatPlugin)

namespace {

// A field of /proc/self/status, in kilobytes.
qint64 statusKb(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qsizetype(qstrlen(field))).trimmed().split(' ').first().toLongLong();
    return -1;
}

QJsonObject sessionWith(const QString &image, const QSize &size, const QJsonArray &regions)
{
    return {{QStringLiteral("format"), QStringLiteral("groundchat-session")},
            {QStringLiteral("version"), 1},
            {QStringLiteral("images"), QJsonArray{QJsonObject{{QStringLiteral("path"), image},
                                                              {QStringLiteral("width"), size.width()},
                                                              {QStringLiteral("height"), size.height()},
                                                              {QStringLiteral("regions"), regions}}}}};
}

} // namespace

class CanvasScale : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_image;
    const QSize m_size{4000, 3000};

    QString write(const QString &name, const QJsonObject &session)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(QJsonDocument(session).toJson(QJsonDocument::Compact));
        return path;
    }

    // The canvas as the window shows it, on `session`.
    std::unique_ptr<QQuickView> canvasOn(Session *session)
    {
        auto view = std::make_unique<QQuickView>();
        view->engine()->addImportPath(QStringLiteral("qrc:/qt/qml"));
        view->setInitialProperties({{QStringLiteral("session"), QVariant::fromValue(session)}});
        view->setResizeMode(QQuickView::SizeRootObjectToView);
        view->resize(1200, 800);
        view->setSource(QUrl(QStringLiteral("qrc:/qt/qml/GroundChat/ImageCanvas.qml")));
        if (view->status() != QQuickView::Ready)
            qWarning() << view->errors();
        view->show();
        return view;
    }

    // Lets the deferred work run (the choice of region items, the label layout) and renders what it made.
    static void settle(QQuickView &view)
    {
        for (int i = 0; i < 2; ++i) {
            QTest::qWait(50);
            (void)view.grabWindow();
        }
    }

    // The items under `item` whose names start with `prefix`, searched in the item tree (where a Repeater puts its
    // delegates, which QObject::findChildren does not reach).
    static QList<QQuickItem *> itemsNamed(QQuickItem *item, const QString &prefix)
    {
        QList<QQuickItem *> out;
        for (QQuickItem *child : item->childItems()) {
            if (child->objectName().startsWith(prefix))
                out.append(child);
            out += itemsNamed(child, prefix);
        }
        return out;
    }
    static QQuickItem *itemNamed(const QQuickView &view, const QString &name)
    {
        const QList<QQuickItem *> found = itemsNamed(view.rootObject(), name);
        for (QQuickItem *item : found)
            if (item->objectName() == name)
                return item;
        return nullptr;
    }
    static qsizetype regionItems(const QQuickView &view)
    {
        return itemsNamed(view.rootObject(), QStringLiteral("region_")).size();
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QQuickStyle::setStyle(QStringLiteral("Material"));
        QVERIFY(m_dir.isValid());
        m_image = m_dir.filePath(QStringLiteral("field.png"));
        QImage picture(m_size, QImage::Format_RGB32);
        picture.fill(Qt::darkGreen);
        QVERIFY(picture.save(m_image));
    }

    // 20k regions took 1.9 GB (about 95 KB a region, one canvas item each); now the canvas holds items for a
    // bounded number of them and paints the rest, so the growth is what the session keeps of each region.
    void twentyThousandRegionsStaySmall()
    {
        constexpr int n = 20000;
        constexpr qint64 kBytesPerRegion = 8 * 1024;
        QJsonArray regions;
        for (int i = 0; i < n; ++i) {
            const double x = (i % 200) * 20, y = (i / 200) * 30;
            regions.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("R%1").arg(i + 1)},
                                       {QStringLiteral("kind"), QStringLiteral("box")},
                                       {QStringLiteral("label"), QStringLiteral("tree %1").arg(i % 13)},
                                       {QStringLiteral("color"), i},
                                       {QStringLiteral("box"), QJsonArray{x, y, x + 16, y + 24}}});
        }
        const QString path = write(QStringLiteral("big.gcsession"), sessionWith(m_image, m_size, regions));
        regions = {};

        Session session;
        const auto view = canvasOn(&session);
        QVERIFY(QTest::qWaitForWindowExposed(view.get()));
        QTest::qWait(200);
        const qint64 before = statusKb("VmRSS:");
        QVERIFY2(session.file()->openPath(path), qPrintable(session.lastError()));
        settle(*view);
        const qint64 grown = (statusKb("VmHWM:") - before) * 1024;
        qInfo("peak growth %lld KB, %lld bytes a region", grown / 1024, grown / n);
        QCOMPARE(session.regions()->rowCount(), n);
        QVERIFY2(grown / n < kBytesPerRegion, qPrintable(QStringLiteral("%1 bytes a region").arg(grown / n)));
        const qsizetype items = regionItems(*view);
        QVERIFY2(items > 0 && items <= 200, qPrintable(QString::number(items)));
        // the others are painted, and the user is told why they have no handles
        const QQuickItem *layer = itemNamed(*view, QStringLiteral("regionLayer"));
        QVERIFY(layer);
        QVERIFY(layer->property("painted").toInt() > 0);
        const QQuickItem *note = itemNamed(*view, QStringLiteral("regionWindowNote"));
        QVERIFY(note && note->isVisible());
    }

    // One self-intersecting polygon of 200k points kept the GUI thread in the fill for over a minute: it is
    // simplified on the way in, the user is told, and the canvas draws it.
    void aHugePolygonIsBoundedOnTheWayIn()
    {
        constexpr int n = 200000;
        QJsonArray points;
        for (int i = 0; i < n; ++i) {
            const double a = 2 * M_PI * (i + (i % 2 ? 1.6 : -1.6)) / n, r = 1000 + 3 * std::sin(i * 0.7);
            points.append(QJsonArray{2000 + r * std::cos(a), 1500 + r * std::sin(a)});
        }
        const QJsonArray regions{QJsonObject{{QStringLiteral("id"), QStringLiteral("R1")},
                                             {QStringLiteral("kind"), QStringLiteral("polygon")},
                                             {QStringLiteral("box"), QJsonArray{997, 497, 3003, 2503}},
                                             {QStringLiteral("points"), points}}};
        const QString path = write(QStringLiteral("polygon.gcsession"), sessionWith(m_image, m_size, regions));

        Session session;
        const auto view = canvasOn(&session);
        QVERIFY(QTest::qWaitForWindowExposed(view.get()));
        QVERIFY2(session.file()->openPath(path), qPrintable(session.lastError()));
        const RegionItem polygon = session.regions()->items().at(0);
        QVERIFY2(polygon.points.size() <= 1000, qPrintable(QString::number(polygon.points.size())));
        QVERIFY2(session.lastError().contains(QLatin1String("simplified")), qPrintable(session.lastError()));
        settle(*view);
        QVERIFY(itemNamed(*view, QStringLiteral("region_R1")));
    }
};

QTEST_MAIN(CanvasScale)
#include "tst_canvasscale.moc"
