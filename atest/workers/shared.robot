*** Settings ***
Documentation       Sockets a page's SharedWorker opens: mocked, connected, broken and
...                 logged as the page's own are.
Resource            workers.resource
Suite Setup         Start Worker Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Worker Page
Test Template       Run Worker Check
Test Tags           shared


*** Test Cases ***
Mocked Worker Socket Answers From Rules    Mocked Socket Answers    shared
Connected Worker Socket Meets The Server Through A Rule    Connected Socket Rewrites    shared
Refused Worker Socket Never Opens    Refused Socket Never Opens    shared
Library Closes A Worker Socket    Library Closes Socket    shared
Log Names The Worker    Log Names Worker    shared    socket-worker.js
