// placeholder
self.postMessage('ready');
