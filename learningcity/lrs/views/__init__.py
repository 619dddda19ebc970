"""xAPI HTTP endpoints under /xapi/: thin views over services and selectors.

`views.http` holds everything the resources share (authentication, the version header, the alternate
request syntax, CORS, multipart bodies, error responses); each resource module parses its parameters, calls
one service or selector and shapes the response.
"""
