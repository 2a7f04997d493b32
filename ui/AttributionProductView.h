#pragma once
// AttributionProductView: one product on the Attribution page: the article's rule, a plain verdict,
// "Credited to you" (name, environment or workspace, last modified), "Owned by someone else" (with
// the owner), what PAL Desk cannot tell (and why), what to do, and a failure with its request id.
// Plain-text labels; the lists are keyboard-navigable and Ctrl+C copies the selected rows.

#include "AttributionReport.h"

#include <QGroupBox>

class QLabel;
class QTreeWidget;

namespace pal {

class InlineMessage;
class ValueLabel;
class Interaction;

class AttributionProductView final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttributionProductView)
public:
    AttributionProductView(AttributedProduct product, Interaction *interaction, QWidget *parent = nullptr);

    void showChecking();
    void showResult(const ProductAttribution &result);
    AttributedProduct product() const { return m_product; }
    // What a user would paste into a ticket: the verdict, every row, the error with its request id.
    QString plainText() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QTreeWidget *makeList(const char *name, const QString &accessibleName, const QStringList &columns);
    void fill(QTreeWidget *list, QLabel *heading, const QString &title, const QList<AttributionItem> &items,
              bool withOwner, bool withReason);

    AttributedProduct m_product;
    Interaction *m_interaction;
    QLabel *m_rule;
    ValueLabel *m_verdict;
    QLabel *m_creditedHeading;
    QTreeWidget *m_credited;
    QLabel *m_othersHeading;
    QTreeWidget *m_others;
    QLabel *m_unknownHeading;
    QTreeWidget *m_unknown;
    QLabel *m_todo;
    InlineMessage *m_error;
};

} // namespace pal
