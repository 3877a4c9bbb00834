<?php
// TrustDM interop driver for Horde_Xml_Wbxml, the WBXML codec of the Debian package php-horde-xml-wbxml.
//
//   php horde-wbxml.php probe                          exit 0 when Horde_Xml_Wbxml can be loaded
//   php horde-wbxml.php encode <in.xml> <out.wbxml>    XML  -> WBXML with Horde_Xml_Wbxml_Encoder
//   php horde-wbxml.php decode <in.wbxml> <out.xml>    WBXML -> XML  with Horde_Xml_Wbxml_Decoder
//
// Exit status: 0 done, 2 usage or file error, 3 Horde_Xml_Wbxml not installed, 4 Horde rejected the input.
// Horde's classes follow the PEAR layout: class Horde_Xml_Wbxml_Encoder lives in
// <root>/Horde/Xml/Wbxml/Encoder.php; Debian installs <root> = /usr/share/php (dpkg -L php-horde-xml-wbxml).

$hordeRoot = getenv('TRUSTDM_HORDE_ROOT') ?: '/usr/share/php';

spl_autoload_register(static function (string $class) use ($hordeRoot): void {
    if (strncmp($class, 'Horde_', 6) !== 0) {
        return;
    }
    $file = $hordeRoot . '/' . str_replace('_', '/', $class) . '.php';
    if (is_file($file)) {
        require_once $file;
    }
});

function give_up(int $status, string $message): void
{
    fwrite(STDERR, $message . "\n");
    exit($status);
}

if (!class_exists('Horde_Xml_Wbxml_Encoder') || !class_exists('Horde_Xml_Wbxml_Decoder')) {
    give_up(3, "Horde_Xml_Wbxml is not under $hordeRoot: install the Debian package php-horde-xml-wbxml");
}

$mode = $argv[1] ?? '';
if ($mode === 'probe') {
    echo "Horde_Xml_Wbxml available\n";
    exit(0);
}
if (($mode !== 'encode' && $mode !== 'decode') || $argc !== 4) {
    give_up(2, 'usage: php horde-wbxml.php probe | encode <in.xml> <out.wbxml> | decode <in.wbxml> <out.xml>');
}

$input = file_get_contents($argv[2]);
if ($input === false) {
    give_up(2, 'cannot read ' . $argv[2]);
}

try {
    if ($mode === 'encode') {
        $output = (new Horde_Xml_Wbxml_Encoder())->encode($input);
    } else {
        $output = (new Horde_Xml_Wbxml_Decoder())->decodeToString($input);
    }
} catch (Throwable $e) {
    give_up(4, 'Horde ' . $mode . ' failed: ' . get_class($e) . ': ' . $e->getMessage());
}

if (file_put_contents($argv[3], $output) === false) {
    give_up(2, 'cannot write ' . $argv[3]);
}
