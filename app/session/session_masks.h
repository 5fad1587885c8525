#pragma once

#include "segmentcontroller.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QRectF>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <map>

class Session;

// The mask part of a Session: boxes, clicks and answers become mask regions through the segmenter, and the
// Set-of-Mark marks come from it. Each result is one undo step of the image it was asked for.
// Its messages are the session's: Session::tr, the context the catalogues have them under.
class SessionMasks : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("A part of a Session: session.masks")
    Q_PROPERTY(SegmentController *segmenter READ segmenter WRITE setSegmenter NOTIFY segmenterChanged)
    // Every finished answer's boxes become masks (the "masks for answer" action, always on).
    Q_PROPERTY(bool autoMasks MEMBER m_autoMasks NOTIFY autoMasksChanged)

public:
    explicit SessionMasks(Session &session);

    [[nodiscard]] SegmentController *segmenter() const { return m_segmenter; }
    void setSegmenter(SegmentController *segmenter);

    // Masks (asynchronous, through the segmenter): a new mask region from a box and/or points; a click that
    // refines an existing mask; a mask for every box of an answer. Each result is one undo step.
    Q_INVOKABLE bool segment(const QRectF &box, const QVariantList &points);
    Q_INVOKABLE bool refineMask(const QString &id, const QPointF &point, bool positive);
    Q_INVOKABLE int masksForAnswer(int messageIndex);
    // VL-SAM: a mask from a map of where the model looked while writing the answer in row `messageIndex`, linked
    // to `phrase` of that answer like a model box (a phrase the answer has but did not ground becomes one of its
    // grounded phrases); without such a phrase, a plain mask.
    bool segmentFromMap(const gc::HeatGrid &map, int messageIndex, const QString &phrase);
    // Set-of-Mark: numbered regions over the whole image, added as marks (one undo step).
    Q_INVOKABLE bool autoMarks(int maxMarks);

signals:
    void segmenterChanged();
    void autoMasksChanged();
    void maskReady(const QString &id);

private:
    struct PendingMask {
        int image = -1;
        QString regionId; // "" = a new region
        QRectF box;
        QList<QPointF> points;
        QList<bool> positive;
        int messageIndex = -1; // a mask from a map: the answer and phrase it belongs to
        QString phrase;
    };
    void onMaskFinished(const MaskResult &result);
    void onMarksFinished(const MarksResult &result);

    Session &m_session;
    bool m_autoMasks = false;
    QPointer<SegmentController> m_segmenter;
    std::map<quint64, PendingMask> m_pendingMasks;
    std::map<quint64, int> m_pendingMarks; // request -> image
};
