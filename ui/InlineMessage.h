#pragma once
// InlineMessage: a result or an error shown in place, never in a pop-up: a coloured bar, the
// sentence, and when the service gave one, the request id in a selectable field with a copy
// button, so the user can quote it to support.

#include "AzureError.h"

#include <QFrame>

class QLabel;
class QLineEdit;
class QPushButton;

namespace pal {

class Interaction;
class ValueLabel;

class InlineMessage final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InlineMessage)
public:
    InlineMessage(const QString &objectName, Interaction *interaction, QWidget *parent = nullptr);

    void showInfo(const QString &text);
    void showSuccess(const QString &text);
    void showWarning(const QString &text);
    void showError(const AzureError &error, const QString &prefix = {});
    // An error told in our own sentence; the service's words go to the tooltip, the ids stay copyable.
    void showProblem(const QString &sentence, const AzureError &error);
    void clear();

    QString text() const;
    QString requestId() const;
    const std::optional<AzureError> &error() const { return m_error; }

private:
    void show(int tone, const QString &text, const QString &requestId);
    Interaction *m_interaction;
    QWidget *m_bar;
    QLabel *m_symbol;
    ValueLabel *m_text;
    QWidget *m_idRow;
    QLineEdit *m_requestId;
    QPushButton *m_copy;
    std::optional<AzureError> m_error;
};

} // namespace pal
