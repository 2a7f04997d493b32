#include "SignInState.h"

namespace pal {

QString signInStateName(SignInState state)
{
    switch (state) {
    case SignInState::Idle:
        return QStringLiteral("idle");
    case SignInState::Discovering:
        return QStringLiteral("discovering");
    case SignInState::AwaitingBrowser:
        return QStringLiteral("awaiting-browser");
    case SignInState::AwaitingDeviceCode:
        return QStringLiteral("awaiting-device-code");
    case SignInState::RedeemingGrant:
        return QStringLiteral("redeeming-grant");
    case SignInState::Storing:
        return QStringLiteral("storing");
    case SignInState::SignedIn:
        return QStringLiteral("signed-in");
    case SignInState::Failed:
        return QStringLiteral("failed");
    case SignInState::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

bool isFinal(SignInState state)
{
    return state == SignInState::SignedIn || state == SignInState::Failed || state == SignInState::Cancelled;
}

bool isAllowedTransition(SignInState from, SignInState to)
{
    using S = SignInState;
    if (isFinal(from))
        return false;
    if (to == S::Failed)
        return true;
    if (to == S::Cancelled)
        return from != S::Storing;
    switch (from) {
    case S::Idle:
        return to == S::Discovering;
    case S::Discovering:
        return to == S::AwaitingBrowser || to == S::AwaitingDeviceCode || to == S::RedeemingGrant;
    case S::AwaitingBrowser:
        return to == S::RedeemingGrant;
    case S::AwaitingDeviceCode:
        return to == S::Storing;
    case S::RedeemingGrant:
        return to == S::Storing;
    case S::Storing:
        return to == S::SignedIn;
    default:
        return false;
    }
}

} // namespace pal
