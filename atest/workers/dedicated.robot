*** Settings ***
Documentation       Sockets a page's dedicated Worker opens: mocked, connected, broken and
...                 logged as the page's own are.
Resource            workers.resource
Suite Setup         Start Worker Servers And Browser
Suite Teardown      Stop Servers And Browser
Test Setup          Fresh Worker Page
Test Template       Run Worker Check
Test Tags           dedicated


*** Test Cases ***
Mocked Worker Socket Answers From Rules    Mocked Socket Answers    dedicated
Connected Worker Socket Meets The Server Through A Rule    Connected Socket Rewrites    dedicated
Refused Worker Socket Never Opens    Refused Socket Never Opens    dedicated
Library Closes A Worker Socket    Library Closes Socket    dedicated
Log Names The Worker    Log Names Worker    dedicated    socket-worker.js
Worker Socket Opened Before Its Route Stays With The Server    Socket Before Route    dedicated
