*** Settings ***
Documentation       Sockets the context's service worker opens (127.0.0.1 over http is a
...                 secure context): mocked, connected, broken and logged as a page's are.
Resource            workers.resource
Suite Setup         Start Worker Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Worker Page
Test Template       Run Worker Check
Test Tags           service


*** Test Cases ***
Mocked Worker Socket Answers From Rules    Mocked Socket Answers    service
Connected Worker Socket Meets The Server Through A Rule    Connected Socket Rewrites    service
Refused Worker Socket Never Opens    Refused Socket Never Opens    service
Library Closes A Worker Socket    Library Closes Socket    service
Log Names The Worker    Log Names Worker    service    socket-worker.js
