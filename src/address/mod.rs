//! Placing students given only an address (林西县新城子镇常胜村三组) from the gazetteer.
