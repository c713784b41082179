"""cms.request_memo: computed once inside a request, afresh outside one and in the next request."""

from django.http import HttpResponse
from django.test import RequestFactory

from cms.request_memo import RequestMemoMiddleware, once_per_request


def test_a_value_is_computed_once_per_request_and_never_carried_to_the_next():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    def view(request):
        first = once_per_request("answer", compute)
        second = once_per_request("answer", compute)
        return HttpResponse(f"{first} {second}")

    middleware = RequestMemoMiddleware(view)
    factory = RequestFactory()

    assert middleware(factory.get("/")).content == b"1 1"
    assert middleware(factory.get("/")).content == b"2 2"
    assert [once_per_request("answer", compute) for _ in range(2)] == [3, 4]  # outside a request
