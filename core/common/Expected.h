#pragma once
// Expected<T, E>: one typed result per operation, either the value or the error, delivered once.
// A small C++20 stand-in for std::expected (C++23), kept deliberately minimal. [[nodiscard]]: a
// result that is dropped is an error nobody sees (the compiler says so; CI builds with -Werror).

#include <functional>
#include <utility>
#include <variant>

namespace pal {

struct AzureError;

// The value of an operation that succeeds with nothing to say (DELETE, sign-out).
struct Done
{
    bool operator==(const Done &) const = default;
};

template <typename E> struct Unexpected
{
    E error;
};

template <typename E> Unexpected<std::decay_t<E>> unexpected(E &&error)
{
    return {std::forward<E>(error)};
}

template <typename T, typename E = AzureError> class [[nodiscard]] Expected
{
public:
    Expected(const T &value)
        : m_data(std::in_place_index<0>, value)
    {}
    Expected(T &&value)
        : m_data(std::in_place_index<0>, std::move(value))
    {}
    template <typename G>
    Expected(Unexpected<G> &&u)
        : m_data(std::in_place_index<1>, E(std::move(u.error)))
    {}
    Expected(const E &error)
        : m_data(std::in_place_index<1>, error)
    {}

    bool hasValue() const { return m_data.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const E &error() const { return std::get<1>(m_data); }

    const T *operator->() const { return &value(); }
    const T &operator*() const { return value(); }

    T valueOr(T fallback) const { return hasValue() ? value() : std::move(fallback); }

private:
    std::variant<T, E> m_data;
};

// The completion handler every asynchronous core operation takes: called exactly once.
template <typename T> using Completion = std::function<void(const Expected<T> &)>;

} // namespace pal
