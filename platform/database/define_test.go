package database

import (
	"reflect"
	"testing"
)

func TestDefine(t *testing.T) {
	got := Define(`or"der`,
		Col("order_id", "UUID PRIMARY KEY", "CHAR(36) PRIMARY KEY"),
		Col("amount", "NUMERIC NOT NULL DEFAULT 0", "VARCHAR(100) NOT NULL DEFAULT '0'"),
		Col("odd`name", "TEXT NOT NULL DEFAULT ''", "TEXT NOT NULL DEFAULT ('')"),
	)
	want := Table{
		Name: `or"der`,
		Create: [2]string{
			Postgres: `CREATE TABLE IF NOT EXISTS "or""der" ("order_id" UUID PRIMARY KEY, "amount" NUMERIC NOT NULL DEFAULT 0, "odd` + "`" + `name" TEXT NOT NULL DEFAULT '')`,
			MySQL:    "CREATE TABLE IF NOT EXISTS `or\"der` (`order_id` CHAR(36) PRIMARY KEY, `amount` VARCHAR(100) NOT NULL DEFAULT '0', `odd``name` TEXT NOT NULL DEFAULT ('')) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
		},
		Columns: []Column{
			{Name: "amount", Add: [2]string{
				Postgres: `ALTER TABLE "or""der" ADD COLUMN "amount" NUMERIC NOT NULL DEFAULT 0`,
				MySQL:    "ALTER TABLE `or\"der` ADD COLUMN `amount` VARCHAR(100) NOT NULL DEFAULT '0'",
			}},
			{Name: "odd`name", Add: [2]string{
				Postgres: `ALTER TABLE "or""der" ADD COLUMN "odd` + "`" + `name" TEXT NOT NULL DEFAULT ''`,
				MySQL:    "ALTER TABLE `or\"der` ADD COLUMN `odd``name` TEXT NOT NULL DEFAULT ('')",
			}},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Define =\n%#v\nwant\n%#v", got, want)
	}
}
