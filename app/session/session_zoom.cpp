// Look closer: a region asked about again on a crop around it (core/tiling.h), by hand or, for a referring
// answer whose box is tiny, at once.
#include "enginecontroller.h"
#include "session.h"
#include "session_chat.h"

#include "core/tiling.h"
#include "dialects/registry.h"

#include <algorithm>

namespace {

// Under this share of the image, a referring answer's box is looked at closer at once: the model saw the object
// as a few pixels of its input, and its box is as coarse.
constexpr double kZoomArea = 0.01;

} // namespace

bool SessionConversation::lookCloser(const QString &regionId)
{
    if (!readyToAsk())
        return false;
    const QList<RegionItem> &regions = m_session.currentDocument().regions;
    const auto region = std::find_if(regions.begin(), regions.end(), [&](const RegionItem &r) { return r.id == regionId; });
    if (region == regions.end() || region->box.isEmpty()) {
        m_session.fail(Session::tr("Look closer needs a region with a box."));
        return false;
    }
    const QString label = region->label.trimmed();
    if (label.isEmpty()) {
        m_session.fail(Session::tr("Name the region first: Look closer asks the model where that is."));
        return false;
    }
    const QString refer = QStringLiteral("refer");
    const gc::Dialect *d = gc::dialects::find(dialect().toStdString());
    if (!d || std::none_of(d->info().tasks.begin(), d->info().tasks.end(), [](const gc::TaskPrompt &t) { return t.id == "refer"; })) {
        m_session.fail(Session::tr("This model cannot be asked where something is, so it cannot look closer."));
        return false;
    }
    QString error;
    const QString prompt = buildPrompt(label, refer, &error);
    if (!error.isEmpty()) {
        m_session.fail(error);
        return false;
    }
    const QSize size = m_session.currentImageSize();
    const QRectF b = region->box;
    const gc::Box crop = gc::zoomCrop({size.width(), size.height()}, {b.left(), b.top(), b.right(), b.bottom()});
    ChatMessage user;
    user.fromUser = true;
    user.text = label;
    user.prompt = prompt;
    user.task = refer;
    user.dialect = dialect();
    user.crop = QRectF(QPointF(crop.x1, crop.y1), QPointF(crop.x2, crop.y2));
    // the record of what ran, saved with the session (the crop shown in the chat is not): its time and the
    // answer's regions come with the answer
    user.tools = {ToolRun{QStringLiteral("zoom"), user.crop, 0, Session::tr("Look closer on %1").arg(regionId), {}}};
    return sendTurn(user);
}

void SessionConversation::zoomIfTiny(int image, int row)
{
    if (image != m_session.currentImage() || row < 1)
        return;
    const DocumentState &doc = m_session.document(image);
    const ChatMessage &asked = doc.messages[row - 1];
    if (!asked.fromUser || asked.task != QLatin1String("refer") || !asked.crop.isEmpty())
        return;
    const QSize size = m_session.currentImageSize();
    for (const RegionItem &r : doc.regions)
        if (r.fromModel && r.messageIndex == row) {
            // the first box is the answer
            if (!r.box.isEmpty() && r.box.width() * r.box.height() < kZoomArea * size.width() * size.height())
                (void)lookCloser(r.id);
            return;
        }
}
