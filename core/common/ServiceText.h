#pragma once
// capServiceText: server text PAL Desk keeps and shows (an error's message or code, as a service
// sent it) is at most MaxServiceText characters. A server can send a 30 MB error message; printed,
// kept in the link history or laid out whole it stalls palctl, the history and the GUI. Cut where
// an AzureError is made from a response, when the history records it, and when palctl prints it.

#include <QString>

namespace pal {

constexpr qsizetype MaxServiceText = 4096;

// `text` as it is when it fits, else its start and "… (cut, N bytes)" (N: the UTF-8 size of all of it).
QString capServiceText(QString text);

} // namespace pal
