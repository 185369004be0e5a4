#pragma once
// Errors as values at the core's boundary (libc++ 14 has no std::expected).
#include <string>
#include <utility>
#include <variant>

namespace w2t {

// What went wrong, and which input field caused it ("" when no single field did).
struct Error {
    std::string field;
    std::string message;
    std::string to_string() const { return field.empty() ? message : field + ": " + message; }
};

template <class T>
class Result {
public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T& value() const { return std::get<0>(state_); }
    T& value() { return std::get<0>(state_); }
    const Error& error() const { return std::get<1>(state_); }
    const T* operator->() const { return &value(); }
    const T& operator*() const { return value(); }

private:
    std::variant<T, Error> state_;
};

}  // namespace w2t
