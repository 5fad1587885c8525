// groundchat-cli ocr: English and Chinese text drawn by Qt's text rendering is read back with at most 5 % of its
// characters wrong (edit distance), and the word and line boxes lie within a few pixels of where Qt drew them.
#include "cli_runner.h"

#include <QFont>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <unistd.h>

namespace {

// Ink boxes as the OCR reports them: [x1, y1, x2, y2), image pixels.
struct Drawn {
    QString text;
    QRect box;
};

struct Page {
    QImage image;
    std::vector<Drawn> lines;
    std::vector<Drawn> words; // split at spaces
};

QRect inkBox(const QFontMetrics &fm, const QString &text, QPoint baselineOrigin)
{
    return fm.tightBoundingRect(text).translated(baselineOrigin);
}

// Draws `lines` (black on white) from `origin`, one below the other, and records where their ink went.
void draw(Page &page, const QStringList &lines, const QFont &font, QPoint origin)
{
    QPainter painter(&page.image);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setFont(font);
    painter.setPen(Qt::black);
    const QFontMetrics fm(font);
    int baseline = origin.y() + fm.ascent();
    for (const QString &line : lines) {
        painter.drawText(QPoint(origin.x(), baseline), line);
        page.lines.push_back({line, inkBox(fm, line, {origin.x(), baseline})});
        int start = 0;
        for (const QString &word : line.split(' ')) {
            const QPoint at(origin.x() + fm.horizontalAdvance(line.left(start)), baseline);
            page.words.push_back({word, inkBox(fm, word, at)});
            start += int(word.size()) + 1;
        }
        baseline += fm.lineSpacing() * 3 / 2;
    }
}

Page blankPage(QSize size)
{
    Page page;
    page.image = QImage(size, QImage::Format_RGB888);
    page.image.fill(Qt::white);
    return page;
}

QFont fontOf(const char *family, int pixelSize)
{
    QFont font(family);
    font.setPixelSize(pixelSize);
    return font;
}

const QStringList kEnglish = {
    QStringLiteral("The quick brown fox jumps over the lazy dog."),
    QStringLiteral("Grounded answers link every phrase to a region"),
    QStringLiteral("of the image: 42 boxes, 7 masks and 3 points."),
    QStringLiteral("Invoice number 2024-0815 is due on Friday."),
};
const QStringList kChinese = {
    QStringLiteral("今天天气很好，我们去公园散步。"),
    QStringLiteral("图像中的每个短语都对应一个区域。"),
    QStringLiteral("请把红色的杯子放在桌子上面。"),
    QStringLiteral("这家商店的营业时间是早上九点。"),
};

class TempFile {
public:
    explicit TempFile(const Page &page)
    {
        char name[] = "/tmp/gc-ocr-XXXXXX.png";
        const int fd = mkstemps(name, 4);
        close(fd);
        m_path = name;
        page.image.save(QString::fromStdString(m_path));
    }
    ~TempFile() { std::remove(m_path.c_str()); }
    [[nodiscard]] const std::string &path() const { return m_path; }

private:
    std::string m_path;
};

nlohmann::json ocr(const Page &page, std::vector<std::string> extra)
{
    const TempFile file(page);
    std::vector<std::string> args = {"ocr", "--image", file.path(), "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const CliResult r = runCli(args);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return r.exitCode == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

// Code points without white space: Chinese has none between words, and OCR's spacing is not what is measured.
std::u32string letters(const QString &text)
{
    std::u32string out;
    for (const char32_t c : text.toUcs4())
        if (!QChar::isSpace(c))
            out += c;
    return out;
}

size_t editDistance(const std::u32string &a, const std::u32string &b)
{
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

// The fraction of the drawn characters read right: 1 - edit distance / drawn characters.
double characterAccuracy(const QStringList &drawn, const std::string &read)
{
    const std::u32string expected = letters(drawn.join(QString()));
    const size_t distance = editDistance(expected, letters(QString::fromStdString(read)));
    return 1.0 - double(distance) / double(expected.size());
}

QRect boxOf(const nlohmann::json &item)
{
    const auto &b = item.at("box");
    return QRect(QPoint(b[0].get<int>(), b[1].get<int>()), QPoint(b[2].get<int>() - 1, b[3].get<int>() - 1));
}

int cornerDistance(const QRect &a, const QRect &b)
{
    return std::max({std::abs(a.left() - b.left()), std::abs(a.top() - b.top()), std::abs(a.right() - b.right()),
                     std::abs(a.bottom() - b.bottom())});
}

// For each drawn item, the nearest read item with the same text (a word may be drawn more than once); the
// largest corner distance between the two boxes.
int worstBoxError(const std::vector<Drawn> &drawn, const nlohmann::json &read, size_t *matched)
{
    int worst = 0;
    *matched = 0;
    for (const Drawn &d : drawn) {
        int nearest = -1;
        for (const auto &item : read)
            if (letters(QString::fromStdString(item.at("text").get<std::string>())) == letters(d.text)) {
                const int distance = cornerDistance(d.box, boxOf(item));
                nearest = nearest < 0 ? distance : std::min(nearest, distance);
            }
        if (nearest >= 0) {
            worst = std::max(worst, nearest);
            ++*matched;
        }
    }
    return worst;
}

constexpr int kBoxTolerance = 3; // pixels, each side

TEST(CliOcr, ReadsEnglishWithWordAndLineBoxes)
{
    Page page = blankPage({900, 320});
    draw(page, kEnglish, fontOf("DejaVu Sans", 26), {30, 30});
    const nlohmann::json out = ocr(page, {"--lang", "eng"});
    const double accuracy = characterAccuracy(kEnglish, out.at("text").get<std::string>());
    size_t wordsMatched = 0, linesMatched = 0;
    const int wordError = worstBoxError(page.words, out.at("words"), &wordsMatched);
    const int lineError = worstBoxError(page.lines, out.at("lines"), &linesMatched);
    std::printf("english: %.1f %% of characters; %zu/%zu words, %zu/%zu lines read exactly; box error <= %d px "
                "(words), %d px (lines)\n",
                100 * accuracy, wordsMatched, page.words.size(), linesMatched, page.lines.size(), wordError,
                lineError);
    EXPECT_GE(accuracy, 0.95) << out.at("text");
    EXPECT_EQ(out.at("lines").size(), kEnglish.size());
    EXPECT_GE(wordsMatched, page.words.size() * 9 / 10);
    EXPECT_LE(wordError, kBoxTolerance);
    EXPECT_LE(lineError, kBoxTolerance);
    for (const auto &word : out.at("words"))
        EXPECT_GT(word.at("confidence").get<double>(), 50) << word;
}

TEST(CliOcr, ReadsChineseWithLineBoxes)
{
    Page page = blankPage({700, 320});
    draw(page, kChinese, fontOf("WenQuanYi Micro Hei", 30), {30, 30});
    const nlohmann::json out = ocr(page, {"--lang", "chi_sim+eng"});
    const double accuracy = characterAccuracy(kChinese, out.at("text").get<std::string>());
    size_t linesMatched = 0;
    const int lineError = worstBoxError(page.lines, out.at("lines"), &linesMatched);
    std::printf("chinese: %.1f %% of characters; %zu/%zu lines read exactly; line box error <= %d px\n",
                100 * accuracy, linesMatched, page.lines.size(), lineError);
    EXPECT_GE(accuracy, 0.95) << out.at("text");
    ASSERT_EQ(out.at("lines").size(), kChinese.size());
    // Lines whose text differs in a character are still where the drawn line is.
    for (size_t i = 0; i < page.lines.size(); ++i)
        EXPECT_LE(cornerDistance(page.lines[i].box, boxOf(out.at("lines")[i])), kBoxTolerance) << out.at("lines")[i];
    // Every word is on its line (Tesseract's Chinese words span the line's height and touch their neighbours).
    for (const auto &word : out.at("words")) {
        const QPoint centre = boxOf(word).center();
        EXPECT_TRUE(std::any_of(page.lines.begin(), page.lines.end(), [&](const Drawn &line) {
            return line.box.contains(centre);
        })) << word;
    }
}

// Two columns of text; the box reads only the right one, and its boxes are in the full image's pixels.
TEST(CliOcr, BoxReadsOnlyThatRegion)
{
    Page page = blankPage({1200, 260});
    const QStringList left = {QStringLiteral("Apples and pears"), QStringLiteral("cost seven dollars")};
    const QStringList right = {QStringLiteral("Station platform"), QStringLiteral("departures at noon")};
    const QFont font = fontOf("DejaVu Sans", 28);
    draw(page, left, font, {20, 60});
    const size_t leftWords = page.words.size();
    draw(page, right, font, {640, 60});
    const std::vector<Drawn> rightWords(page.words.begin() + long(leftWords), page.words.end());

    const nlohmann::json out = ocr(page, {"--box", "600,20,1190,240"});
    const double accuracy = characterAccuracy(right, out.at("text").get<std::string>());
    size_t matched = 0;
    const int error = worstBoxError(rightWords, out.at("words"), &matched);
    std::printf("box: %.1f %% of characters; %zu/%zu words; box error <= %d px\n", 100 * accuracy, matched,
                rightWords.size(), error);
    EXPECT_GE(accuracy, 0.95) << out.at("text");
    EXPECT_EQ(matched, rightWords.size()) << out.at("words");
    EXPECT_LE(error, kBoxTolerance);
    for (const auto &word : out.at("words"))
        EXPECT_GE(word.at("box")[0].get<double>(), 600) << word;
}

TEST(CliOcr, BoxOutsideTheImageIsAnInputError)
{
    Page page = blankPage({200, 100});
    draw(page, {QStringLiteral("Hello")}, fontOf("DejaVu Sans", 26), {10, 10});
    const TempFile file(page);
    const CliResult r = runCli({"ocr", "--image", file.path(), "--box", "300,10,400,50", "--json"});
    EXPECT_EQ(r.exitCode, 3);
    EXPECT_NE(r.err.find("outside the 200x100 image"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
}

TEST(CliOcr, MissingLanguageDataIsAnInputError)
{
    Page page = blankPage({200, 100});
    const TempFile file(page);
    const CliResult r = runCli({"ocr", "--image", file.path(), "--lang", "eng+xyz_nolang"});
    EXPECT_EQ(r.exitCode, 3);
    EXPECT_NE(r.err.find("no OCR language data for xyz_nolang"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("installed: "), std::string::npos) << r.err;
}

TEST(CliOcr, MalformedBoxIsAUsageError)
{
    const CliResult r = runCli({"ocr", "--image", "/nonexistent.png", "--box", "1,2,3"});
    EXPECT_EQ(r.exitCode, 2) << r.err;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv); // fonts need a GUI application
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
