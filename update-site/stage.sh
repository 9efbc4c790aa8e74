#!/usr/bin/env bash
# Stages the update site for this machine's platform into update-site/ (see update-site/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
# Fiji ships ImageJ, ImgLib2, SciJava and JNA itself: their jars are not staged
mvn -B -q -DskipTests package dependency:copy-dependencies -DincludeScope=runtime \
  -DexcludeGroupIds=net.imagej,net.imglib2,org.scijava,net.java.dev.jna -DoutputDirectory=update-site/jars
cp target/insilico-*.jar update-site/jars/
mkdir -p update-site/plugins/In_Silico update-site/scripts/Plugins/In_Silico
cp plugins/In_Silico/*.ijm update-site/plugins/In_Silico/
cp scripts/Plugins/In_Silico/*.py update-site/scripts/Plugins/In_Silico/ 2>/dev/null || true
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux64 ;;
  Darwin-*) platform=macosx ;;
  *) platform=win64 ;;
esac
mkdir -p "update-site/jars/$platform"
mv update-site/jars/*-linux-x86_64*.jar update-site/jars/*-macosx-*.jar update-site/jars/*-windows-*.jar \
  "update-site/jars/$platform/" 2>/dev/null || true
echo "staged update-site/ for $platform"
