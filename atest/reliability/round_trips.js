// Installed in the test page by reliability.resource: sequential round trips on one socket.
// roundTrips(index, n) sends 'rt 0' .. 'rt n-1', each after the answer to the one before,
// and resolves with the answers; it stops early when an answer takes over 10 seconds.
() => {
  window.roundTrips = async (index, n) => {
    await whenOpen(index);
    const ws = sockets[index];
    const answers = [];
    for (let k = 0; k < n; k++) {
      const answer = await new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), 10000);
        ws.addEventListener('message', (e) => { clearTimeout(timer); resolve(e.data); }, {once: true});
        ws.send('rt ' + k);
      });
      if (answer === null) break;
      answers.push(answer);
    }
    return answers;
  };
}
