#include "demo/scene.h"
#include "regionpalette.h"

#include <QtTest>

#include <cmath>

namespace {

// The chat's backgrounds under an answer's phrases: Material's window background (light #fafafa, dark
// #303030) and the answer bubble's 10 % grey over it (ChatPanel.qml).
const QColor kLightBackgrounds[] = {QColor(0xfa, 0xfa, 0xfa), QColor(0xee, 0xee, 0xee)};
const QColor kDarkBackgrounds[] = {QColor(0x30, 0x30, 0x30), QColor(0x38, 0x38, 0x38)};

// CIE L*a*b* (D65), for how far apart two colours look.
std::array<double, 3> lab(const QColor &c)
{
    auto lin = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    const double r = lin(c.redF()), g = lin(c.greenF()), b = lin(c.blueF());
    const double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
    return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

double deltaE(const QColor &a, const QColor &b)
{
    const auto p = lab(a), q = lab(b);
    return std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

} // namespace

class TestRegionPalette : public QObject
{
    Q_OBJECT
private slots:
    void repeatsForAnyIndex()
    {
        const int n = RegionPalette::size();
        QVERIFY(n >= 6);
        QCOMPARE(RegionPalette::regionColour(0), RegionPalette::regionColour(n));
        QCOMPARE(RegionPalette::regionColour(-1), RegionPalette::regionColour(n - 1));
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j)
                QVERIFY2(deltaE(RegionPalette::regionColour(i), RegionPalette::regionColour(j)) >= 20,
                         qPrintable(QStringLiteral("colours %1 and %2 look alike").arg(i).arg(j)));
    }

    void contrastIsWcag()
    {
        QCOMPARE(RegionPalette::contrast(Qt::black, Qt::white), 21.0);
        QCOMPARE(RegionPalette::contrast(Qt::white, Qt::black), 21.0);
        QCOMPARE(RegionPalette::contrast(QColor(0x77, 0x77, 0x77), QColor(0x77, 0x77, 0x77)), 1.0);
        QVERIFY(qAbs(RegionPalette::contrast(QColor(0x76, 0x76, 0x76), Qt::white) - 4.54) < 0.01);
    }

    // Phrases are normal-weight-sized text (15 px, semibold): WCAG AA asks 4.5:1 on both themes.
    void phrasesReadOnBothThemes()
    {
        for (int i = 0; i < RegionPalette::size(); ++i) {
            for (const QColor &bg : kLightBackgrounds) {
                const double c = RegionPalette::contrast(RegionPalette::textColour(i, false), bg);
                QVERIFY2(c >= 4.5, qPrintable(QStringLiteral("colour %1 on light %2: %3").arg(i).arg(bg.name()).arg(c)));
            }
            for (const QColor &bg : kDarkBackgrounds) {
                const double c = RegionPalette::contrast(RegionPalette::textColour(i, true), bg);
                QVERIFY2(c >= 4.5, qPrintable(QStringLiteral("colour %1 on dark %2: %3").arg(i).arg(bg.name()).arg(c)));
            }
        }
    }

    // Labels on the canvas and chips in the message box are white 12 px text on the region's colour, and an
    // outline stands out from its halo by the 3:1 that WCAG asks of graphics.
    void labelsAndOutlinesStandOut()
    {
        for (int i = 0; i < RegionPalette::size(); ++i) {
            const QColor c = RegionPalette::regionColour(i);
            QVERIFY2(RegionPalette::contrast(c, Qt::white) >= 4.5, qPrintable(c.name()));
            QVERIFY2(RegionPalette::contrast(c, RegionPalette::haloColour(i)) >= 3.0, qPrintable(c.name()));
        }
    }

    // A phrase like "a green circle" must not be drawn in a green of its own, nor a box vanish into the
    // object it frames: every colour keeps clear of the demo world's object colours.
    void keepsClearOfObjectColours()
    {
        for (int k = 0; k < gc::demo::kColours; ++k) {
            const auto rgb = gc::demo::colourRgb(gc::demo::Colour(k));
            const QColor object(rgb[0], rgb[1], rgb[2]);
            for (int i = 0; i < RegionPalette::size(); ++i)
                for (const QColor &c : {RegionPalette::regionColour(i), RegionPalette::textColour(i, true)}) {
                    const double d = deltaE(c, object);
                    QVERIFY2(d >= 30, qPrintable(QStringLiteral("%1 is close to the %2 of the demo's objects (ΔE %3)")
                                                     .arg(c.name(), QString::fromLatin1(gc::demo::colourName(gc::demo::Colour(k))))
                                                     .arg(d)));
                }
        }
    }
};

QTEST_GUILESS_MAIN(TestRegionPalette)
#include "tst_regionpalette.moc"
