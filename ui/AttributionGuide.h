#pragma once
// AttributionGuide: how partner credit flows for Power Platform and Dynamics 365 Customer Insights,
// so the admin does not need the docs open: the three steps (initiation, registration,
// attribution), a per-product table (metric, resource, who counts as the attributed user), and
// advice on Solutions and service accounts. Static text that follows the system palette.

#include "UiContext.h"

#include <QWidget>

class QTextBrowser;

namespace pal {

class AttributionGuide final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttributionGuide)
public:
    explicit AttributionGuide(const UiContext &ui, QWidget *parent = nullptr);
    static QString html();

private:
    UiContext m_ui;
    QTextBrowser *m_text;
};

} // namespace pal
