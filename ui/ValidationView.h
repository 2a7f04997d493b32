#pragma once
// ValidationView: answers "is my partner ID linked here?" at a glance. With "my partner ID" set
// (Settings) it answers three ways, each in its own words, symbol and colour: linked to your
// partner ID; linked to another partner ID (which, with its name, and what to do); not linked.
// Then the facts: partner organization and ID, your partner ID, directory name and id, the
// signed-in identity and its object id in this directory, the link's state and times, when the
// link was last changed from this computer and by which app (the link history), and whether the
// link's tenant and object id match the signed-in identity. "Verify again" re-reads the link;
// "Copy details" copies a plain-text summary; "Open in Azure portal" opens the portal's blade in
// this directory; when the link is not to your partner ID, a button leads to the link blade,
// which offers your partner ID (linkRequested()).

#include "UiContext.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace pal {

class InlineMessage;
class ValueLabel;

class ValidationView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ValidationView)
public:
    explicit ValidationView(const UiContext &ui, QWidget *parent = nullptr);

    // The plain-text summary "Copy details" puts on the clipboard.
    QString details() const;
    // The portal address "Open in Azure portal" opens (empty when the cloud has no portal).
    QUrl portalUrl() const;

Q_SIGNALS:
    // The user wants to link (or change the link to) their partner ID here.
    void linkRequested();

private:
    void update();
    void updateHistory();

    UiContext m_ui;
    QLabel *m_badge;
    ValueLabel *m_headline;
    ValueLabel *m_partnerName;
    ValueLabel *m_partnerId;
    ValueLabel *m_myPartnerId;
    ValueLabel *m_directoryName;
    ValueLabel *m_directoryId;
    ValueLabel *m_identity;
    ValueLabel *m_objectId;
    ValueLabel *m_state;
    ValueLabel *m_created;
    ValueLabel *m_updated;
    ValueLabel *m_checked;
    ValueLabel *m_history;
    QLabel *m_ownership;
    QPushButton *m_verify;
    QPushButton *m_copy;
    QPushButton *m_portal;
    QPushButton *m_linkMine;
    InlineMessage *m_error;
};

} // namespace pal
