#pragma once
// LinkBlade: "Link to a partner ID", laid out like the Azure portal's blade and doing more. It
// reads the current link of the current directory first, so the user never meets "already
// linked" as an error: when a link exists it shows it (partner ID, name, state) with Change
// (PATCH) and Remove (DELETE, after a confirmation); otherwise the ID field and "Link a partner
// ID" (PUT). The field offers "my partner ID" (Settings) whenever the link is not to it already,
// until the user types something else. The field validates as you type (PartnerId::problem) and
// says why. While a call runs the buttons are disabled and progress shows; the outcome appears
// inline with the request id.

#include "LinkState.h"
#include "UiContext.h"

#include <QWidget>

class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

namespace pal {

class InlineMessage;
class ValueLabel;

class LinkBlade final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinkBlade)
public:
    explicit LinkBlade(const UiContext &ui, QWidget *parent = nullptr);
    // Puts the focus on the partner ID field (the validation view's "Link my partner ID").
    void focusField();

private:
    void update();
    void onDirectoryChanged();
    void linkPartner();
    void changePartner();
    void removePartner();
    QString directoryName() const;
    void offerMyPartnerId(const LinkState &status, bool busy);

    UiContext m_ui;
    QGroupBox *m_current;
    ValueLabel *m_linkedId;
    ValueLabel *m_linkedName;
    ValueLabel *m_linkedState;
    QPushButton *m_remove;
    QLabel *m_reading;
    QLabel *m_fieldLabel;
    QToolButton *m_info;
    QLabel *m_tip;
    QLineEdit *m_field;
    QLabel *m_problem;
    QLabel *m_offered;
    bool m_edited = false; // the user typed in the field: it is no longer offered anything
    QPushButton *m_link;
    QPushButton *m_change;
    QWidget *m_progress;
    QLabel *m_progressText;
    InlineMessage *m_result;
};

} // namespace pal
