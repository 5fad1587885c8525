#pragma once

#include "documentstate.h"

#include "itemlistmodel.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

// The conversation about the current image.
class ChatModel : public ItemListModel<ChatMessage>
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by the session")

public:
    enum class Role {
        FromUser = Qt::UserRole + 1,
        Text,
        RichText,
        Raw,
        Prompt,
        Entities,
        Streaming,
        Cancelled,
        Error,
        TimeToFirstToken,
        TokensPerSecond,
        Tokens,
        HighlightedEntity, // the index of the message's phrase the user points at, -1 for none
        SearchStep,        // ChatMessage::searchStep
        SearchMaxSteps,
        Tools, // the turn's tool runs: [{tool, region: [x1, y1, x2, y2] or [] (the whole image), ms, output, regionIds,
               //   grid: [columns, rows] or [], tiles: [[x1, y1, x2, y2]…] (a tiled turn's)}]
        TilesDone,         // ChatMessage::tilesDone
        TilesTotal,
        Crop,              // ChatMessage::crop
    };
    Q_ENUM(Role)

    using ItemListModel::ItemListModel;

    // The phrase the user points at (Session's hover): phrase `entity` of message `message`, -1 for none.
    // Each message's HighlightedEntity role follows it.
    void setHighlight(int message, int entity);

    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;


    // The answer as rich text: each grounded phrase in its colour, as a link "entity:N" for hover/click.
    static QString richText(const ChatMessage &m, int highlightedEntity = -1, bool darkTheme = false);
    // For the view: message `row` with phrase `highlightedEntity` marked (hover linking), its phrases coloured
    // for the light or the dark theme.
    Q_INVOKABLE QString richTextFor(int row, int highlightedEntity, bool darkTheme = false) const;
    // What a link of the rich text points at: {entity: the phrase's index, mark: the Set-of-Mark number},
    // -1 for what it is not.
    Q_INVOKABLE QVariantMap linkTarget(const QString &link) const;

private:
    int m_highlightedMessage = -1;
    int m_highlightedEntity = -1;
};
