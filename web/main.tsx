// Placeholder entry (replaced by the web app).
document.getElementById('root')!.textContent = '绣花';
